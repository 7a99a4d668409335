"""The registers exported in the background: each a column list, a row count and a row generator that
streams from the database in chunks (`.iterator(chunk_size=…)`), with the related facts of a chunk
fetched in one aggregate query each, never one query per row."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import islice
from typing import Callable

from django.db import connection
from django.db.models import Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from billing.models import Billing, Payment
from certificates.models import Report
from orders.models import Instrument, Order
from management.audit import audit_queryset
from management.period import period_from
from management.steps import Epoch
from management.tables import Column
from survey.models import ELEMENTS, ELEMENT_FIELDS, SurveyResponse
from workflow.models import AuditEntry
from workflow.states import InstrumentState
from workflow.table import TRANSITIONS

CHUNK = 2000


@dataclass(frozen=True)
class Register:
    key: str
    label: str
    centre_only: bool
    columns: Callable[[], list[Column]]
    queryset: Callable  # (scope, params) -> the queryset counted for progress
    rows: Callable  # (scope, params) -> iterator of tuples
    uses_period: bool = True


def chunks(iterable, size=CHUNK):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


# --- the order register ---------------------------------------------------------------------------------

def _order_steps() -> list[tuple[int, str]]:
    """SOP steps an order goes through (its own and its instruments'), one column each."""
    seen: dict[int, str] = {}
    for row in TRANSITIONS:
        if row.step is not None and row.step >= 4 and row.subject in ("order", "instrument"):
            seen.setdefault(row.step, row.name_id)
    return sorted(seen.items())


def order_columns(scope=None) -> list[Column]:
    """A laboratory's supervisor gets no money columns (need to know: prices and NTPNs are the order's)."""
    money = [Column(_("Jumlah"), "money"), Column(_("NTPN"))] if scope is None or scope.centre_wide else []
    return [Column(_("Nomor order")), Column(_("Pelanggan")), Column(_("Jenis alat")), Column(_("Status")),
            Column(_("Dibuat"), "datetime"),
            *(Column(f"{step}. {name}", "datetime") for step, name in _order_steps()),
            Column(_("Nomor LHU")), *money]


def order_queryset(scope, params):
    period, _form = period_from(params)
    return scope.orders(Order.objects.filter(created_at__gte=period.since, created_at__lt=period.until))


def _raw(qs) -> list[tuple]:
    """Run a queryset's SQL and return the database's own values: no per-value Django conversion,
    which for a hundred thousand orders with twenty moments each would cost more than the query."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def order_rows(scope, params):
    """Orders by number of creation (primary key), streamed (`.iterator`) and taken a chunk at a time.
    The facts of a chunk come in one query each, bounded by the chunk's first and last key (an index
    range, not a list of two thousand parameters); step dates are pivoted in SQL to one row per order
    and read as epoch seconds, which the Excel writer turns into local (WIB) date-times."""
    steps = [step for step, _name in _order_steps()]
    labels = {k: str(v) for k, v in Order._meta.get_field("state").choices}
    orders = (order_queryset(scope, params).order_by("id")
              .values_list("id", "number", "company__name", "state", Epoch("created_at"))
              .iterator(chunk_size=CHUNK))
    no_dates = (None,) * len(steps)
    for batch in chunks(orders):
        span = Q(order_id__gte=batch[0][0], order_id__lte=batch[-1][0])
        step_dates = {row[0]: row[1:] for row in _raw(
            AuditEntry.objects.filter(span, step__isnull=False).exclude(to_state="").order_by()
            .values("order_id").annotate(**{f"s{n}": Max(Epoch("at"), filter=Q(step=n)) for n in steps}))}
        types: dict[int, list[str]] = defaultdict(list)
        for order_id, name in _raw(scope.instruments(Instrument.objects.filter(span))
                                   .order_by("order_id", "position", "id")
                                   .values_list("order_id", "instrument_type__name")):
            if name not in types[order_id]:
                types[order_id].append(name)
        amounts = dict(_raw(Instrument.objects.filter(span).exclude(state=InstrumentState.REJECTED)
                            .order_by().values("order_id").annotate(t=Sum(Coalesce("corrected_amount", "amount")))
                            .values_list("order_id", "t")))
        reports: dict[int, list[str]] = defaultdict(list)
        for order_id, number in _raw(scope.instruments(Report.objects.filter(span), "instrument__")
                                     .order_by("id").values_list("order_id", "number")):
            reports[order_id].append(number)
        ntpns: dict[int, list[str]] = defaultdict(list)
        for order_id, ntpn in _raw(Payment.objects.filter(span, ntpn__isnull=False).order_by("paid_at")
                                   .values_list("order_id", "ntpn")):
            ntpns[order_id].append(ntpn)
        for order_id, number, company, state, created_at in batch:
            # None for an empty cell: the writer leaves it out
            row = (number, company, ", ".join(types.get(order_id, ())), labels.get(state, state), created_at,
                   *step_dates.get(order_id, no_dates), ", ".join(reports.get(order_id, ())) or None)
            yield (row + (amounts.get(order_id, 0), ", ".join(ntpns.get(order_id, ())) or None)
                   if scope.centre_wide else row)


# --- the report register --------------------------------------------------------------------------------

def report_columns(scope=None) -> list[Column]:
    return [Column(_("Nomor LHU")), Column(_("Status")), Column(_("Nomor order")), Column(_("Pelanggan")),
            Column(_("Nomor sampel")), Column(_("Alat")), Column(_("Nomor seri")), Column(_("Laboratorium")),
            Column(_("Dinomori"), "datetime"), Column(_("Ditandatangani"), "datetime"), Column(_("Penandatangan")),
            Column(_("Menggantikan"))]


def report_queryset(scope, params):
    period, _form = period_from(params)
    return scope.instruments(Report.objects.filter(numbered_at__gte=period.since, numbered_at__lt=period.until),
                             prefix="instrument__")


def report_rows(scope, params):
    labels = dict(Report._meta.get_field("status").choices)
    for r in (report_queryset(scope, params).order_by("numbered_at", "id").values_list(
            "number", "status", "order__number", "order__company__name", "instrument__sample_id",
            "instrument__instrument_type__name", "instrument__serial_number", "instrument__laboratory__name",
            "numbered_at", "signed_at", "signer__full_name", "replaces__number").iterator(chunk_size=CHUNK)):
        yield (r[0], str(labels.get(r[1], r[1])), *r[2:])


# --- billing and payment reconciliation -------------------------------------------------------------------

def billing_columns(scope=None) -> list[Column]:
    return [Column(_("Kode billing")), Column(_("Nomor order")), Column(_("Pelanggan")), Column(_("Status")),
            Column(_("Jumlah tagihan"), "money"), Column(_("Dibuat"), "datetime"), Column(_("Kedaluwarsa"), "datetime"),
            Column(_("Dibayar"), "datetime"), Column(_("Jumlah dibayar"), "money"), Column(_("NTPN")),
            Column(_("Bank/kanal")), Column(_("Cara")), Column(_("Selisih"), "money")]


def billing_queryset(scope, params):
    period, _form = period_from(params)
    return scope.by_unit(Billing.objects.filter(created_at__gte=period.since, created_at__lt=period.until), "order__")


def billing_rows(scope, params):
    labels = dict(Billing._meta.get_field("status").choices)
    methods = dict(Payment._meta.get_field("method").choices)
    for b in (billing_queryset(scope, params).order_by("created_at", "id").values_list(
            "code", "order__number", "order__company__name", "status", "amount", "created_at", "expires_at",
            "payment__paid_at", "payment__amount", "payment__ntpn", "payment__bank", "payment__channel",
            "payment__method").iterator(chunk_size=CHUNK)):
        code, number, company, status, amount, created, expires, paid_at, paid, ntpn, bank, channel, method = b
        difference = None if paid is None else paid - amount
        yield (code, number or "", company, str(labels.get(status, status)), amount, created, expires, paid_at, paid,
               ntpn or "", " / ".join(x for x in (bank, channel) if x), str(methods.get(method, method or "")),
               difference)


# --- survey responses -------------------------------------------------------------------------------------

def survey_columns(scope=None) -> list[Column]:
    return [Column(_("Diisi"), "datetime"), Column(_("Nomor order")), Column(_("Pelanggan")), Column(_("Responden")),
            *(Column(str(label), "int") for _f, label, _q in ELEMENTS), Column(_("Komentar dan saran"))]


def survey_queryset(scope, params):
    period, _form = period_from(params)
    return scope.by_unit(SurveyResponse.objects.filter(submitted_at__gte=period.since, submitted_at__lt=period.until),
                         "order__")


def survey_rows(scope, params):
    yield from (survey_queryset(scope, params).order_by("submitted_at", "id").values_list(
        "submitted_at", "order__number", "order__company__name", "respondent__full_name", *ELEMENT_FIELDS, "comment")
        .iterator(chunk_size=CHUNK))


# --- the audit log ----------------------------------------------------------------------------------------

def audit_columns(scope=None) -> list[Column]:
    return [Column(_("Waktu"), "datetime"), Column(_("Pengguna")), Column(_("Peran")), Column(_("Kode")),
            Column(_("Kegiatan")), Column(_("Langkah"), "int"), Column(_("Nomor order")), Column(_("Nomor sampel")),
            Column(_("Dari status")), Column(_("Ke status")), Column(_("Catatan"))]


def audit_rows(scope, params):
    entries = (audit_queryset(scope, params).select_related("actor", "order", "instrument")
               .order_by("at", "id").iterator(chunk_size=CHUNK))
    for e in entries:
        yield (e.at, str(e.actor) if e.actor_id else "", e.role, e.code, e.label, e.step,
               e.order.number if e.order_id else "", e.instrument.sample_id if e.instrument_id else "",
               e.from_state, e.to_state, e.note)


REGISTERS: dict[str, Register] = {r.key: r for r in (
    Register("order_register", _("Register pesanan"), False, order_columns, order_queryset, order_rows),
    Register("report_register", _("Register E-LHU"), False, report_columns, report_queryset, report_rows),
    Register("billing_reconciliation", _("Rekonsiliasi billing dan pembayaran"), True, billing_columns,
             billing_queryset, billing_rows),
    Register("survey_responses", _("Jawaban survei kepuasan"), True, survey_columns, survey_queryset, survey_rows),
    Register("audit_log", _("Log audit"), False, audit_columns, audit_queryset, audit_rows, uses_period=False),
)}


def registers_for(scope) -> list[Register]:
    return [r for r in REGISTERS.values() if scope.centre_wide or not r.centre_only]
