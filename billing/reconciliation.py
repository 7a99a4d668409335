"""Reconciliation for a period: billings made, paid, expired, amounts, NTPNs, and the orders marked
paid without a matching payment (there must be none). Also its Excel export (management.xlsx)."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import Billing, BillingStatus, Payment
from workflow.models import AuditEntry
from workflow.states import OrderState

PAID_CODES = ("order.accept_payment", "order.paid_by_state_billing")


@dataclass
class Anomaly:
    order: object
    what: str


@dataclass
class UnitSums:
    """One unit's sums in a reconciliation."""
    unit_id: int | None
    name: str
    made_count: int = 0
    made_amount: int = 0
    paid_count: int = 0
    paid_amount: int = 0
    payments_count: int = 0
    payments_amount: int = 0


@dataclass
class Reconciliation:
    start: date
    end: date  # inclusive
    billings: list = field(default_factory=list)
    payments: list = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    by_unit: list[UnitSums] = field(default_factory=list)  # the sums of each unit, in the order of their names


def _bounds(start: date, end: date, tz=None) -> tuple[datetime, datetime]:
    tz = tz or timezone.get_default_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), tz),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz))


def _in_period(moment: str, start: date, end: date, unit_ids=None) -> Q:
    """`moment` (a field's path) within the days `start`..`end`, each unit's days in its own time zone
    (a Makassar treasurer's day is a WITA day): one condition per time zone among `unit_ids` (at most
    three). Without units, the installation's days. An order without a unit is the default unit's."""
    if unit_ids is None:
        since, until = _bounds(start, end)
        return Q(**{f"{moment}__gte": since, f"{moment}__lt": until})
    from units.current import default_unit_id, unit_facts

    facts = unit_facts()
    zones: dict[str, list[int]] = {}
    for pk in sorted(unit_ids):
        zones.setdefault(facts[pk][0] if pk in facts else settings.TIME_ZONE, []).append(pk)
    q = Q(pk__in=[])
    for zone, ids in zones.items():
        since, until = _bounds(start, end, ZoneInfo(zone))
        of_units = Q(order__unit_id__in=ids)
        if default_unit_id() in ids:
            of_units |= Q(order__unit__isnull=True)
        q |= of_units & Q(**{f"{moment}__gte": since, f"{moment}__lt": until})
    return q


def _count_sum(billings, status=None) -> tuple[int, int]:
    chosen = [b for b in billings if status is None or b.status == status]
    return len(chosen), sum(b.amount for b in chosen)


def reconcile(start: date, end: date, billings_qs=None, unit_ids=None) -> Reconciliation:
    """`billings_qs` limits what is seen (the caller's visible billings); all billings by default.
    `unit_ids`: the units reconciled, each over its own days (None: the installation's days)."""
    base = Billing.objects.all() if billings_qs is None else billings_qs
    billings = list(base.filter(_in_period("created_at", start, end, unit_ids))
                    .select_related("order", "order__company", "payment").order_by("created_at", "pk"))
    payments = list(Payment.objects.filter(_in_period("paid_at", start, end, unit_ids), billing__in=base)
                    .select_related("billing", "order", "order__company").order_by("paid_at", "pk"))
    totals = {}
    for key, status in (("made", None), ("paid", BillingStatus.PAID), ("expired", BillingStatus.EXPIRED),
                        ("cancelled", BillingStatus.CANCELLED), ("unpaid", BillingStatus.UNPAID)):
        totals[f"{key}_count"], totals[f"{key}_amount"] = _count_sum(billings, status)
    totals["payments_count"], totals["payments_amount"] = len(payments), sum(p.amount for p in payments)
    totals["state_billing_count"] = sum(1 for p in payments if p.ntpn)
    return Reconciliation(start, end, billings, payments, _anomalies(base, start, end, unit_ids), totals,
                          _by_unit(billings, payments, unit_ids))


def _by_unit(billings, payments, unit_ids) -> list[UnitSums]:
    """The sums of each unit reconciled (every one of `unit_ids`, even with nothing in the period), from
    the rows already read, each of which is given its unit's name (`unit_name`); the units' names from
    the shared cache."""
    from units.current import default_unit_id, unit_facts

    facts = unit_facts()
    home = default_unit_id()
    sums = {pk: UnitSums(pk, facts[pk][2] or facts[pk][1] if pk in facts else str(pk)) for pk in (unit_ids or ())}

    def of(order) -> UnitSums:
        pk = order.unit_id or home
        if pk not in sums:
            sums[pk] = UnitSums(pk, facts[pk][2] or facts[pk][1] if pk in facts else str(pk))
        return sums[pk]

    for b in billings:
        row = of(b.order)
        b.unit_name = row.name  # for the page's unit column
        row.made_count += 1
        row.made_amount += b.amount
        if b.status == BillingStatus.PAID:
            row.paid_count += 1
            row.paid_amount += b.amount
    for p in payments:
        row = of(p.order)
        p.unit_name = row.name
        row.payments_count += 1
        row.payments_amount += p.amount
    return sorted(sums.values(), key=lambda s: s.name.lower())


def _anomalies(base, start: date, end: date, unit_ids=None) -> list[Anomaly]:
    found = []
    order_ids = base.values("order_id")
    entries = (AuditEntry.objects.filter(_in_period("at", start, end, unit_ids), code__in=PAID_CODES,
                                         to_state=OrderState.PAID, order_id__in=order_ids).select_related("order"))
    for entry in entries:
        if not entry.order.payments.exists():
            found.append(Anomaly(entry.order, _("Ditandai lunas tanpa pembayaran yang cocok.")))
    paid_in_period = Payment.objects.filter(_in_period("paid_at", start, end, unit_ids), billing__in=base)
    for payment in paid_in_period.exclude(amount=F("billing__amount")).select_related("order"):
        found.append(Anomaly(payment.order, _("Jumlah pembayaran tidak sama dengan e-billing.")))
    for payment in paid_in_period.exclude(billing__status=BillingStatus.PAID).select_related("order"):
        found.append(Anomaly(payment.order, _("Ada pembayaran, tetapi e-billing tidak berstatus lunas.")))
    return found


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


BILLING_HEADERS = ["Kode billing", "Nomor order", "Wajib bayar", "NPWP", "Dibuat", "Kedaluwarsa", "Status",
                   "Jumlah (Rp)", "Dibayar (Rp)", "NTPN", "NTB", "Bank", "Kanal", "Waktu bayar", "Cara bayar",
                   "Menggantikan"]


# Columns that are not text: moments in local time, money with a thousands separator.
KIND_OF = {"Dibuat": "datetime", "Kedaluwarsa": "datetime", "Waktu bayar": "datetime", "Jumlah (Rp)": "money",
           "Dibayar (Rp)": "money"}
PAYMENT_HEADERS = ["Waktu bayar", "Kode billing", "Nomor order", "Jumlah (Rp)", "NTPN", "NTB", "Bank", "Kanal",
                   "Cara bayar"]


def _columns(headers):
    from management.tables import Column

    return [Column(h, KIND_OF.get(h, "text")) for h in headers]


def export_xlsx(rec: Reconciliation) -> bytes:
    """Through the system's one Excel writer (management.xlsx): a payer's name is text, never a formula."""
    from management.writers import ExcelMoments
    from management.xlsx import Book, Label, SheetWriter

    buf = io.BytesIO()
    book = Book(buf, f"Rekonsiliasi e-billing {rec.start:%d-%m-%Y} s.d. {rec.end:%d-%m-%Y}")
    serial = ExcelMoments().serial
    ws = SheetWriter(book, "E-billing", _columns(BILLING_HEADERS), serial, heading=book.title)
    for b in rec.billings:
        pay = getattr(b, "payment", None) if hasattr(b, "payment") else None
        ws.append([b.code, b.order.number or "", b.payer_name or b.order.company.name, b.payer_npwp,
                   _local(b.created_at), _local(b.expires_at), b.get_status_display(), b.amount,
                   pay.amount if pay else 0, pay.ntpn or "" if pay else "", pay.ntb if pay else "",
                   pay.bank if pay else "", pay.channel if pay else "", _local(pay.paid_at) if pay else None,
                   pay.get_method_display() if pay else "", b.replaces.code if b.replaces_id else ""])
    ws.append([])
    t = rec.totals
    for label, count, amount in (("TOTAL DIBUAT", t["made_count"], t["made_amount"]),
                                 ("TOTAL LUNAS", t["paid_count"], t["paid_amount"]),
                                 ("TOTAL KEDALUWARSA", t["expired_count"], t["expired_amount"]),
                                 ("TOTAL DIBATALKAN", t["cancelled_count"], t["cancelled_amount"]),
                                 ("TOTAL BELUM DIBAYAR", t["unpaid_count"], t["unpaid_amount"])):
        ws.append([label, count, None, None, None, None, None, amount], bold=True)
    ws.close()

    ws2 = SheetWriter(book, "Pembayaran", _columns(PAYMENT_HEADERS), serial)
    for p in rec.payments:
        ws2.append([_local(p.paid_at), p.billing.code, p.order.number or "", p.amount, p.ntpn or "", p.ntb, p.bank,
                    p.channel, p.get_method_display()])
    ws2.append([Label("TOTAL"), t["payments_count"], None, t["payments_amount"]], bold=True)
    ws2.close()

    ws3 = SheetWriter(book, "Anomali", _columns(["Nomor order", "Masalah"]), serial)
    for a in rec.anomalies:
        ws3.append([a.order.number or str(a.order.pk), a.what])
    if not rec.anomalies:
        ws3.append(["—", "Tidak ada pesanan lunas tanpa pembayaran yang cocok."])
    ws3.close()
    book.close()
    return buf.getvalue()
