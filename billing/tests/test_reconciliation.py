"""Reconciliation for a period: billings made, paid, expired, amounts and NTPNs; the Excel export
opens in openpyxl with those rows and totals; an order marked paid without a payment is flagged."""
import io

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from billing.reconciliation import reconcile
from billing.services import expire_billings
from billing.tests.fake_simponi import push
from workflow.models import AuditEntry
from workflow.states import OrderState as O

NTPN = "1234ABCD5678EFGH"


def _rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_the_reconciliation_export_has_every_billing_and_the_totals(simponi, order_at, client, users, login):
    by_proof = order_at("PAID")
    expired = order_at("AWAITING_PAYMENT")
    expire_billings(now=timezone.now() + timezone.timedelta(days=settings.BILLING_EXPIRY_DAYS, hours=1))
    by_push = order_at("AWAITING_PAYMENT")
    push(client, simponi.pay(by_push.billings.get().code, NTPN))
    unpaid = order_at("AWAITING_PAYMENT")
    bills = {name: o.billings.get() for name, o in
             (("proof", by_proof), ("expired", expired), ("push", by_push), ("unpaid", unpaid))}
    today = timezone.localdate().isoformat()

    response = login(users["bendahara"]).get(f"/billing/desk/reconciliation.xlsx?from={today}&to={today}")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["E-billing", "Pembayaran", "Anomali"]
    rows = _rows(wb["E-billing"])
    header = rows[1]
    data = [r for r in rows[2:] if r[0] and str(r[0]).isdigit()]
    assert {r[0] for r in data} == {b.code for b in bills.values()}
    line = {r[0]: dict(zip(header, r)) for r in data}
    assert line[bills["push"].code]["NTPN"] == NTPN and line[bills["push"].code]["Status"] == "Lunas"
    assert line[bills["proof"].code]["Dibayar (Rp)"] == bills["proof"].amount
    assert line[bills["expired"].code]["Status"] == "Kedaluwarsa" and line[bills["expired"].code]["Dibayar (Rp)"] == 0
    totals = {r[0]: (r[1], r[7]) for r in rows if r[0] and str(r[0]).startswith("TOTAL")}
    amount = lambda *names: sum(bills[n].amount for n in names)  # noqa: E731
    assert totals["TOTAL DIBUAT"] == (4, amount("proof", "expired", "push", "unpaid"))
    assert totals["TOTAL LUNAS"] == (2, amount("proof", "push"))
    assert totals["TOTAL KEDALUWARSA"] == (1, amount("expired"))
    assert totals["TOTAL BELUM DIBAYAR"] == (1, amount("unpaid"))
    payments = _rows(wb["Pembayaran"])
    assert {r[1] for r in payments[1:-1]} == {bills["proof"].code, bills["push"].code}
    assert payments[-1][0] == "TOTAL" and payments[-1][1] == 2 and payments[-1][3] == amount("proof", "push")
    assert _rows(wb["Anomali"])[1][0] == "—"  # none: every paid order has its payment
    page = login(users["bendahara"]).get(f"/billing/desk/reconciliation/?from={today}&to={today}").content.decode()
    assert NTPN in page and "Tidak ada: setiap pesanan lunas" in page


@pytest.mark.django_db
def test_an_order_marked_paid_without_a_payment_is_flagged(order_at, users):
    order = order_at("AWAITING_PAYMENT")
    AuditEntry.objects.create(actor=users["bendahara"], role="BENDAHARA", code="order.accept_payment", step=10,
                              subject="order", order=order, from_state=O.PAYMENT_SUBMITTED, to_state=O.PAID)
    rec = reconcile(timezone.localdate(), timezone.localdate())
    assert [a.order for a in rec.anomalies] == [order]


@pytest.mark.django_db
def test_billings_outside_the_period_are_left_out(order_at):
    order_at("PAID")
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    rec = reconcile(tomorrow, tomorrow)
    assert rec.billings == [] and rec.totals["made_count"] == 0 and rec.payments == []
