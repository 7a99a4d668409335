"""The dashboard's tables: each a few aggregate queries in the database, scoped by ReportScope."""
from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear, NullIf, TruncMonth
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role
from billing.models import Payment
from catalog.models import localized_name
from core.formatting import days
from lab.models import Parameter
from orders.models import Instrument, Order
from management.side_by_side import side_by_side
from management.steps import step_statistics
from management.tables import Column, Table
from survey import ikm
from survey.models import ELEMENTS, ELEMENT_FIELDS, SurveyResponse
from workflow.sla import clock_for
from workflow.states import InstrumentState, OrderState
from workflow.table import step_row_for
from workflow.worktime import UnitCalendars

OVERDUE_LIMIT = 100
OPEN_INSTRUMENT_STATES = [s for s in InstrumentState.values
                          if s not in (InstrumentState.VALIDATED, InstrumentState.REJECTED)]


def step_name(row) -> str:
    """The SOP row's name in the active language (the table carries both)."""
    return row.name_en if (get_language() or "id").startswith("en") else row.name_id


def orders_by_state(scope) -> Table:
    counts = dict(scope.orders(Order.objects.all()).order_by().values_list("state").annotate(n=Count("id")))
    rows = [(str(state.label), counts.get(state.value, 0)) for state in OrderState]
    return Table("orders_by_state", _("Pesanan menurut status saat ini"),
                 [Column(_("Status")), Column(_("Jumlah pesanan"), "int")], rows,
                 chart={"type": "bar", "labels": [r[0] for r in rows],
                        "datasets": [{"label": _("Pesanan"), "data": [r[1] for r in rows]}]})


def step_columns() -> list[Column]:
    return [Column(_("Langkah"), "int"), Column(_("Kegiatan")), Column(_("Pelaksana")), Column(_("Norma"), "int"),
            Column(_("Satuan")), Column(_("Jumlah selesai"), "int"), Column(_("Median"), "decimal"),
            Column(_("Persentil 90"), "decimal"), Column(_("Dalam norma (%)"), "percent")]


def step_rows(stats) -> list[tuple]:
    """A table row per SOP step: the figures of `step_statistics`, rounded as they are shown."""
    rows = []
    for stat in stats:
        unit = _("hari kerja") if stat.unit == "working_days" else _("menit kerja")
        rows.append((stat.row.step, step_name(stat.row), str(Role(stat.row.actor).label), stat.norm, unit, stat.count,
                     None if stat.median is None else round(stat.median, 2),
                     None if stat.p90 is None else round(stat.p90, 2),
                     None if stat.within_share is None else round(stat.within_share * 100, 1)))
    return rows


STEP_NOTE = gettext_lazy("Waktu dihitung dalam jam kerja kantor unit (langkah 14 dalam hari kerja) untuk langkah yang "
                  "selesai dalam periode. Persentil 90 memakai peringkat terdekat.")


def step_times(scope, period, calendar) -> Table:
    rows = step_rows(step_statistics(period, calendar, scope))
    return Table(
        "step_times", _("Waktu per langkah SOP terhadap norma"), step_columns(), rows,
        chart={"type": "bar", "labels": [f"{r[0]}. {r[1][:30]}" for r in rows],
               "datasets": [{"label": _("Dalam norma (%)"), "data": [r[8] for r in rows]}]},
        note=str(STEP_NOTE),
    )


def late_states(subject: str) -> list[str]:
    """The states of `subject` whose waiting step runs a staff clock (a step of the SOP in a staff inbox,
    with a norm): an item in one of them past its stored `due_at` is overdue."""
    states = []
    for state in {"order": OrderState, "instrument": InstrumentState}[subject].values:
        row = step_row_for(subject, state)
        if (row is not None and row.in_inbox and not row.customer_step
                and (row.norm_minutes is not None or row.norm_working_days is not None)):
            states.append(state)
    return states


def _late_q(subject: str, now) -> Q:
    """Overdue by the deadline the engine stored; an item without one (written before deadlines were
    stored) is a candidate when it is past its norm in wall time (office time is never shorter), and
    is judged on its unit's calendar."""
    states = late_states(subject)
    unstored = Q(pk__in=[])
    for state in states:
        row = step_row_for(subject, state)
        wall = timedelta(minutes=row.norm_minutes) if row.norm_minutes is not None \
            else timedelta(days=row.norm_working_days)
        unstored |= Q(state=state, state_entered_at__lt=now - wall)
    return Q(state__in=states) & (Q(due_at__lt=now) | (Q(due_at__isnull=True) & unstored))


def _late_orders(scope, now):
    qs = scope.orders(Order.objects.filter(_late_q("order", now)))
    return qs if scope.centre_wide else qs.none()


def _late_instruments(scope, now):
    return scope.instruments(Instrument.objects.filter(_late_q("instrument", now)))


def overdue_counts(scope, now) -> dict:
    """How many items are overdue per unit, in one query (an item without a stored deadline counts as
    a candidate here; `overdue_found` judges those it lists)."""
    orders = _late_orders(scope, now).order_by().values_list("unit_id").annotate(n=Count("id"))
    instruments = (_late_instruments(scope, now).order_by().values_list("order__unit_id")
                   .annotate(n=Count("id")))
    counts: dict = {}
    for unit, n in orders.union(instruments, all=True):
        counts[unit] = counts.get(unit, 0) + n
    return counts


def _late_candidates(scope, now):
    """The earliest due overdue orders and instruments (those without a stored deadline first: they
    are judged before they are listed), with what their rows show."""
    first = (F("due_at").asc(nulls_first=True), "state_entered_at", "id")
    orders = _late_orders(scope, now).select_related("company", "signer")
    instruments = _late_instruments(scope, now).select_related(
        "order", "order__company", "instrument_type", "supervisor").prefetch_related("parameters__analyst")
    return (list(orders.order_by(*first)[:OVERDUE_LIMIT * 3]),
            list(instruments.order_by(*first)[:OVERDUE_LIMIT * 3]))


def _holder(subject, obj, row) -> str:
    role = str(Role(row.actor).label)
    names: list[str] = []
    if subject == "order" and row.actor == Role.KEPALA_BALAI and obj.signer_id:
        names = [str(obj.signer)]
    elif subject == "instrument" and row.actor == Role.PENYELIA and obj.supervisor_id:
        names = [str(obj.supervisor)]
    elif subject == "instrument" and row.actor == Role.ANALIS:
        names = sorted({str(p.analyst) for p in obj.parameters.all() if p.analyst_id})
    return f"{role}: {', '.join(names)}" if names else role


def overdue_found(scope, calendars, now) -> tuple[dict, list[tuple]]:
    """The overdue items of the scope: how many per unit, and the earliest due of them as (unit id, row of
    the overdue table), by due time; each judged and written on its own unit's calendar
    (`calendars[unit_id]`, UnitCalendars)."""
    counts = overdue_counts(scope, now)
    orders, instruments = _late_candidates(scope, now)
    found = []
    for subject, objs in (("order", orders), ("instrument", instruments)):
        for obj in objs:
            order = obj if subject == "order" else obj.order
            calendar = calendars[order.unit_id]
            clock = clock_for(calendar, subject, obj.state, obj.state_entered_at, now, due=obj.due_at)
            if clock is None or not clock.overdue:  # a candidate without a stored deadline, on time
                counts[order.unit_id] -= 1
                continue
            what = order.number or str(order) if subject == "order" else f"{order.number or order} · {obj}"
            late = -(clock.office_minutes_left or 0)
            if clock.row.norm_working_days is not None:
                late_text = _("%(d)s hari kerja") % {"d": days(late / calendar.minutes_per_day)}
            else:
                late_text = _("%(d)s menit kerja") % {"d": days(late, 0)}
            found.append((clock.due_at, order.unit_id, (
                clock.row.step, step_name(clock.row), what, order.company.name, _holder(subject, obj, clock.row),
                obj.state_entered_at.astimezone(calendar.tz).replace(tzinfo=None),
                clock.due_at.astimezone(calendar.tz).replace(tzinfo=None), late_text)))
    found.sort(key=lambda r: (r[0], r[2][2]))  # by due time, then by order and instrument
    return {unit: n for unit, n in counts.items() if n}, [(unit, row) for _due, unit, row in found]


def overdue_columns() -> list[Column]:
    return [Column(_("Langkah"), "int"), Column(_("Kegiatan")), Column(_("Pesanan/alat")),
            Column(_("Pelanggan")), Column(_("Dipegang oleh")), Column(_("Masuk langkah"), "datetime"),
            Column(_("Batas waktu"), "datetime"), Column(_("Terlambat"))]


OVERDUE_NOTE = gettext_lazy("Yang batas waktunya paling awal lebih dahulu. Keterlambatan dihitung dalam jam kerja unit "
                            "pemilik pesanan; waktu masuk langkah dan batas waktu ditulis dalam waktu setempat unit "
                            "itu (WIB, WITA atau WIT).")


def overdue_items(scope, calendars=None, now=None) -> Table:
    """Items past their norm, each on its own unit's office calendar."""
    now = now or timezone.now()
    counts, found = overdue_found(scope, calendars or UnitCalendars(), now)
    return Table("overdue", _("Pekerjaan melewati norma waktu"), overdue_columns(),
                 [row for _unit, row in found[:OVERDUE_LIMIT]], total=sum(counts.values()),
                 note=str(OVERDUE_NOTE))


def revenue_by_month(scope, period) -> Table:
    data = (scope.by_unit(Payment.objects.filter(paid_at__gte=period.since, paid_at__lt=period.until), "order__")
            .annotate(month=TruncMonth("paid_at")).order_by("month").values("month")
            .annotate(total=Sum("amount"), n=Count("id")))
    rows = [(formats.date_format(d["month"], "F Y"), d["n"], d["total"]) for d in data]
    return Table("revenue_by_month", _("Penerimaan PNBP per bulan"),
                 [Column(_("Bulan")), Column(_("Pembayaran"), "int"), Column(_("Jumlah"), "money")], rows,
                 chart={"type": "bar", "labels": [r[0] for r in rows],
                        "datasets": [{"label": _("PNBP (Rp)"), "data": [r[2] for r in rows]}]})


def revenue_by_field(scope, period) -> Table:
    paid_orders = scope.by_unit(Payment.objects.filter(paid_at__gte=period.since, paid_at__lt=period.until),
                                "order__").values("order_id")
    data = (Instrument.objects.filter(order_id__in=paid_orders).exclude(state=InstrumentState.REJECTED)
            .values(field=localized_name("instrument_type__field__name")).order_by("field")
            .annotate(n=Count("id"), total=Sum(Coalesce("corrected_amount", "amount"))))
    rows = [(d["field"], d["n"], d["total"]) for d in data]
    return Table("revenue_by_field", _("Penerimaan PNBP per bidang kalibrasi"),
                 [Column(_("Bidang")), Column(_("Alat"), "int"), Column(_("Jumlah"), "money")], rows,
                 chart={"type": "bar", "labels": [r[0] for r in rows],
                        "datasets": [{"label": _("PNBP (Rp)"), "data": [r[2] for r in rows]}]},
                 note=_("Harga alat (tidak termasuk alat yang ditolak) dari pesanan yang dibayar dalam periode."))


def per_laboratory(scope, period) -> Table:
    data = (scope.instruments(Instrument.objects.filter(received_at__gte=period.since, received_at__lt=period.until))
            .values(lab=localized_name("laboratory__name")).order_by("lab")
            .annotate(orders=Count("order", distinct=True), instruments=Count("id"),
                      open=Count("id", filter=Q(state__in=OPEN_INSTRUMENT_STATES))))
    rows = [(d["lab"] or _("(belum ditentukan)"), d["orders"], d["instruments"], d["open"]) for d in data]
    return Table("per_laboratory", _("Pesanan dan alat per laboratorium"),
                 [Column(_("Laboratorium")), Column(_("Pesanan"), "int"), Column(_("Alat"), "int"),
                  Column(_("Alat masih diproses"), "int")], rows,
                 chart={"type": "bar", "labels": [r[0] for r in rows],
                        "datasets": [{"label": _("Pesanan"), "data": [r[1] for r in rows]},
                                     {"label": _("Alat"), "data": [r[2] for r in rows]}]},
                 note=_("Alat yang diterima dalam periode."))


def per_analyst(scope, period) -> Table:
    data = (scope.instruments(Parameter.objects.filter(instrument__received_at__gte=period.since,
                                                       instrument__received_at__lt=period.until,
                                                       analyst__isnull=False), prefix="instrument__")
            .values("analyst_id", analyst_name=Coalesce(NullIf("analyst__full_name", Value("")), "analyst__username"))
            .order_by("analyst_name", "analyst_id")
            .annotate(orders=Count("instrument__order", distinct=True), instruments=Count("instrument", distinct=True),
                      open=Count("instrument", distinct=True, filter=Q(instrument__state__in=OPEN_INSTRUMENT_STATES))))
    rows = [(d["analyst_name"], d["orders"], d["instruments"], d["open"]) for d in data]
    return Table("per_analyst", _("Pesanan dan alat per analis"),
                 [Column(_("Analis")), Column(_("Pesanan"), "int"), Column(_("Alat"), "int"),
                  Column(_("Alat masih diproses"), "int")], rows,
                 chart={"type": "bar", "labels": [r[0] for r in rows],
                        "datasets": [{"label": _("Alat"), "data": [r[2] for r in rows]}]},
                 note=_("Alat yang diterima dalam periode, dengan sedikitnya satu parameter untuk analis itu."))


def ikm_by_quarter(scope, period) -> Table:
    sums = {f"s_{f}": Sum(f) for f in ELEMENT_FIELDS}
    data = (scope.by_unit(SurveyResponse.objects.filter(submitted_at__gte=period.since, submitted_at__lt=period.until),
                          "order__")
            .annotate(year=ExtractYear("submitted_at"), quarter=ExtractQuarter("submitted_at"))
            .order_by("year", "quarter").values("year", "quarter").annotate(n=Count("id"), **sums))
    rows = []
    for d in data:
        nrr = [Fraction(d[f"s_{f}"], d["n"]) for f in ELEMENT_FIELDS]
        value = ikm.round_half_up(ikm.index_from_averages(nrr), 2)
        rows.append((f"{d['year']} T{d['quarter']}", d["n"], float(value), ikm.category_for(value).letter,
                     *(float(ikm.round_half_up(x, 2)) for x in nrr)))
    return Table("ikm_by_quarter", _("Indeks Kepuasan Masyarakat per triwulan"),
                 [Column(_("Triwulan")), Column(_("Responden"), "int"), Column(_("IKM"), "decimal"),
                  Column(_("Mutu")), *(Column(str(label), "decimal") for _f, label, _q in ELEMENTS)], rows,
                 chart={"type": "line", "labels": [r[0] for r in rows],
                        "datasets": [{"label": _("IKM"), "data": [r[2] for r in rows]}]},
                 note=_("Kolom unsur: nilai rata-rata (NRR) 1–4 per unsur."))


def dashboard_tables(scope, period, calendar) -> list[Table]:
    """Every table of the dashboard, in its order. The SOP steps' percentiles over the period (the heaviest
    query) run beside the others (management/side_by_side.py)."""
    calls = [lambda: orders_by_state(scope), lambda: overdue_items(scope, UnitCalendars())]
    if scope.centre_wide:
        calls += [lambda: revenue_by_month(scope, period), lambda: revenue_by_field(scope, period)]
    calls += [lambda: per_laboratory(scope, period), lambda: per_analyst(scope, period)]
    if scope.centre_wide:
        calls.append(lambda: ikm_by_quarter(scope, period))
    (steps,), others = side_by_side([lambda: step_times(scope, period, calendar)], calls)
    return [others[0], steps, *others[1:]]


DASHBOARD_TABLE_KEYS = ("orders_by_state", "step_times", "overdue", "revenue_by_month", "revenue_by_field",
                        "per_laboratory", "per_analyst", "ikm_by_quarter")
CENTRE_ONLY_TABLES = {"revenue_by_month", "revenue_by_field", "ikm_by_quarter"}


def dashboard_table(key, scope, period, calendar) -> Table | None:
    """One table by key, for its export; None when unknown or outside the scope."""
    if key not in DASHBOARD_TABLE_KEYS or (key in CENTRE_ONLY_TABLES and not scope.centre_wide):
        return None
    return {
        "orders_by_state": lambda: orders_by_state(scope),
        "step_times": lambda: step_times(scope, period, calendar),
        "overdue": lambda: overdue_items(scope, UnitCalendars()),
        "revenue_by_month": lambda: revenue_by_month(scope, period),
        "revenue_by_field": lambda: revenue_by_field(scope, period),
        "per_laboratory": lambda: per_laboratory(scope, period),
        "per_analyst": lambda: per_analyst(scope, period),
        "ikm_by_quarter": lambda: ikm_by_quarter(scope, period),
    }[key]()
