"""The national dashboard: every unit side by side, for the national roles (Admin Pusat, Pimpinan).

Each table is the unit dashboard's figures grouped by unit in the same query (`.values("unit")`), not a
dashboard per unit: the page costs the same few queries for three units or thirty. The figures are those
a unit's own dashboard shows (orders by state, the SOP steps' times, overdue items on each unit's own
calendar, PNBP revenue, IKM); a test compares them (management/tests/test_national.py).
"""
from __future__ import annotations

from fractions import Fraction

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import Payment
from management.dashboard import (OVERDUE_LIMIT, OVERDUE_NOTE, STEP_NOTE, overdue_columns, overdue_found,
                                  step_columns, step_rows)
from management.side_by_side import side_by_side
from management.steps import step_statistics_by_unit
from management.tables import Column, Table
from orders.models import Order
from survey import ikm
from survey.models import ELEMENTS, ELEMENT_FIELDS, SurveyResponse
from units.current import unit_facts
from workflow.states import ORDER_FINAL_STATES, OrderState
from workflow.worktime import UnitCalendars

NO_UNIT = None


class Units:
    """The units of the national view, by name: the active units, and any other that has figures."""

    def __init__(self):
        self.facts = unit_facts()

    def names(self, seen=()) -> list[tuple[int | None, str]]:
        ids = {pk for pk, (_zone, _name, _short, active) in self.facts.items() if active} | set(seen)
        named = [(pk, self.name(pk)) for pk in ids]
        return sorted(named, key=lambda u: (u[0] is None, u[1], u[0] or 0))

    def name(self, pk) -> str:
        facts = self.facts.get(pk)
        if facts is None:
            return _("(tanpa unit)")
        return facts[2] or facts[1]

    def ids(self):
        return sorted(self.facts)


def _unit_column() -> Column:
    return Column(_("Unit"))


def _total_label() -> str:
    return _("Seluruh unit")


def orders_by_state(units: Units) -> tuple[Table, dict]:
    data = Order.objects.order_by().values_list("unit_id", "state").annotate(n=Count("id"))
    counts: dict = {}
    for unit, state, n in data:
        counts.setdefault(unit, {})[state] = n
    listed = units.names(counts)
    rows = []
    for state in OrderState:
        per_unit = [counts.get(pk, {}).get(state.value, 0) for pk, _name in listed]
        rows.append((str(state.label), *per_unit, sum(per_unit)))
    table = Table("orders_by_state", _("Pesanan menurut status saat ini, per unit"),
                  [Column(_("Status")), *(Column(name, "int") for _pk, name in listed), Column(_("Jumlah"), "int")],
                  rows,
                  chart={"type": "bar", "labels": [name for _pk, name in listed],
                         "datasets": [{"label": _("Pesanan berjalan"),
                                       "data": [_open(counts.get(pk, {})) for pk, _n in listed]},
                                      {"label": _("Pesanan selesai"),
                                       "data": [counts.get(pk, {}).get(OrderState.COMPLETED.value, 0)
                                                for pk, _n in listed]}]},
                  note=_("Status saat ini, tidak bergantung pada periode."))
    return table, counts


def _open(states: dict) -> int:
    return sum(n for state, n in states.items() if state not in ORDER_FINAL_STATES and state != OrderState.DRAFT)


def step_times(units: Units, period, calendars) -> tuple[Table, dict]:
    from management.access import ReportScope

    stats = step_statistics_by_unit(period, calendars, ReportScope(None, None, None, national=True), units.ids())
    rows, datasets = [], []
    for pk, name in units.names(pk for pk, s in stats.items() if any(x.count for x in s)):
        mine = step_rows(stats.get(pk, ()))
        rows += [(name, *row) for row in mine]
        datasets.append({"label": _("%(unit)s: dalam norma (%%)") % {"unit": name}, "data": [row[8] for row in mine]})
    labels = [f"{row[0]}. {row[1][:24]}" for row in step_rows(next(iter(stats.values()), ()))] if stats else []
    table = Table("step_times", _("Waktu per langkah SOP terhadap norma, per unit"),
                  [_unit_column(), *step_columns()], rows, note=str(STEP_NOTE),
                  chart={"type": "bar", "labels": labels, "datasets": datasets})
    return table, stats


def overdue(units: Units, calendars, now) -> tuple[Table, dict]:
    from management.access import ReportScope

    per_unit, found = overdue_found(ReportScope(None, None, None, national=True), calendars, now)
    rows = [(units.name(unit), *row) for unit, row in found[:OVERDUE_LIMIT]]
    table = Table("overdue", _("Pekerjaan melewati norma waktu, semua unit"), [_unit_column(), *overdue_columns()],
                  rows, total=sum(per_unit.values()), note=str(OVERDUE_NOTE))
    return table, per_unit


def revenue(units: Units, period) -> tuple[Table, dict]:
    data = {unit: (n, total) for unit, n, total in
            Payment.objects.filter(paid_at__gte=period.since, paid_at__lt=period.until).order_by()
            .values_list("order__unit_id").annotate(n=Count("id"), total=Sum("amount"))}
    listed = units.names(data)
    rows = [(name, *data.get(pk, (0, 0))) for pk, name in listed]
    rows.append((_total_label(), sum(r[1] for r in rows), sum(r[2] for r in rows)))
    table = Table("revenue_by_unit", _("Penerimaan PNBP per unit"),
                  [_unit_column(), Column(_("Pembayaran"), "int"), Column(_("Jumlah"), "money")], rows,
                  chart={"type": "bar", "labels": [r[0] for r in rows[:-1]],
                         "datasets": [{"label": _("PNBP (Rp)"), "data": [r[2] for r in rows[:-1]]}]},
                  note=_("Pembayaran yang diterima dalam periode."))
    return table, data


def _ikm_row(n, sums) -> tuple:
    nrr = [Fraction(s, n) for s in sums]
    value = ikm.round_half_up(ikm.index_from_averages(nrr), 2)
    return (n, float(value), ikm.category_for(value).letter, *(float(ikm.round_half_up(x, 2)) for x in nrr))


def ikm_by_unit(units: Units, period) -> tuple[Table, dict]:
    sums = {f"s_{f}": Sum(f) for f in ELEMENT_FIELDS}
    data = {d["order__unit_id"]: d for d in
            SurveyResponse.objects.filter(submitted_at__gte=period.since, submitted_at__lt=period.until).order_by()
            .values("order__unit_id").annotate(n=Count("id"), **sums)}
    rows, figures = [], {}
    for pk, name in units.names(data):
        d = data.get(pk)
        if d is None or not d["n"]:
            rows.append((name, 0, None, None, *([None] * len(ELEMENT_FIELDS))))
            continue
        figures[pk] = _ikm_row(d["n"], [d[f"s_{f}"] for f in ELEMENT_FIELDS])
        rows.append((name, *figures[pk]))
    total_n = sum(d["n"] for d in data.values())
    if total_n:
        rows.append((_total_label(), *_ikm_row(total_n, [sum(d[f"s_{f}"] for d in data.values())
                                                         for f in ELEMENT_FIELDS])))
    table = Table("ikm_by_unit", _("Indeks Kepuasan Masyarakat per unit"),
                  [_unit_column(), Column(_("Responden"), "int"), Column(_("IKM"), "decimal"), Column(_("Mutu")),
                   *(Column(str(label), "decimal") for _f, label, _q in ELEMENTS)], rows,
                  chart={"type": "bar", "labels": [r[0] for r in rows[:len(rows) - bool(total_n)] if r[1]],
                         "datasets": [{"label": _("IKM"),
                                       "data": [r[2] for r in rows[:len(rows) - bool(total_n)] if r[1]]}]},
                  note=_("Survei yang diisi dalam periode. Kolom unsur: nilai rata-rata (NRR) 1–4 per unsur."))
    return table, figures


def summary(units: Units, states, stats, late, money, satisfaction) -> Table:
    """One row per unit, from the other tables' figures (no query of its own)."""
    seen = set(states) | set(money) | set(late) | set(satisfaction) | {pk for pk, s in stats.items()
                                                                       if any(x.count for x in s)}
    rows = []
    totals = [0, 0, 0, 0, 0, 0]
    for pk, name in units.names(seen):
        counted = states.get(pk, {})
        measured = [s for s in stats.get(pk, ()) if s.norm is not None]
        done, within = sum(s.count for s in measured), sum(s.within for s in measured)
        paid = money.get(pk, (0, 0))[1] or 0
        survey = satisfaction.get(pk)
        row = (name, sum(counted.values()), _open(counted), done, None if not done else round(100 * within / done, 1),
               late.get(pk, 0), paid, survey[0] if survey else 0, survey[1] if survey else None,
               survey[2] if survey else None)
        rows.append(row)
        for i, value in enumerate((row[1], row[2], done, within, row[5], paid)):
            totals[i] += value
    rows.append((_total_label(), totals[0], totals[1], totals[2],
                 None if not totals[2] else round(100 * totals[3] / totals[2], 1), totals[4], totals[5],
                 sum(r[7] for r in rows), None, None))
    return Table("units_summary", _("Ringkasan per unit"),
                 [_unit_column(), Column(_("Jumlah pesanan"), "int"), Column(_("Pesanan berjalan"), "int"),
                  Column(_("Langkah selesai"), "int"), Column(_("Dalam norma (%)"), "percent"),
                  Column(_("Melewati norma"), "int"), Column(_("PNBP"), "money"), Column(_("Responden"), "int"),
                  Column(_("IKM"), "decimal"), Column(_("Mutu"))], rows,
                 note=_("Pesanan: semua status saat ini; langkah, PNBP dan survei: dalam periode; melewati norma: "
                        "saat ini, dihitung pada kalender kerja unit masing-masing."))


def national_tables(period, now=None) -> list[Table]:
    """The national dashboard's tables, in their order. The SOP steps' percentiles (the heaviest query)
    run beside the others (management/side_by_side.py), as on a unit's dashboard."""
    now = now or timezone.now()
    units = Units()
    calendars = UnitCalendars()
    for pk in units.ids():  # read here, not on the second thread
        calendars[pk]
    calendars[None]
    calls = [lambda: orders_by_state(units), lambda: overdue(units, calendars, now), lambda: revenue(units, period),
             lambda: ikm_by_unit(units, period)]
    (steps,), (states, late, money, satisfaction) = side_by_side([lambda: step_times(units, period, calendars)],
                                                                 calls)
    first = summary(units, states[1], steps[1], late[1], money[1], satisfaction[1])
    return [first, states[0], steps[0], late[0], money[0], satisfaction[0]]


NATIONAL_TABLE_KEYS = ("units_summary", "orders_by_state", "step_times", "overdue", "revenue_by_unit", "ikm_by_unit")


def national_table(key, period) -> Table | None:
    if key not in NATIONAL_TABLE_KEYS:
        return None
    return next(t for t in national_tables(period) if t.key == key)
