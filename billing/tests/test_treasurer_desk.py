"""The treasurer's desk: billings by state with filters, notifications to handle, refund requests
tracked to done, the printable billing and receipt; none of it for other roles."""
import pytest
from django.conf import settings
from django.utils import timezone

from billing.models import BillingStatus, PaymentNotification, RefundRequest, RefundStatus
from billing.services import expire_billings
from core.tests.support import messages_of
from hardening.tests.formcheck import error_beside
from workflow.models import AuditEntry

DESK_PAGES = ["/billing/desk/", "/billing/desk/notifications/", "/billing/desk/refunds/",
              "/billing/desk/reconciliation/", "/billing/desk/reconciliation.xlsx"]


@pytest.mark.django_db
def test_the_treasurer_sees_each_billing_state_and_filters_them(order_at, users, login):
    paid = order_at("PAID").billings.get()
    expired = order_at("AWAITING_PAYMENT").billings.get()
    expire_billings(now=timezone.now() + timezone.timedelta(days=settings.BILLING_EXPIRY_DAYS, hours=1))
    unpaid = order_at("AWAITING_PAYMENT").billings.get()
    expired.refresh_from_db()
    assert expired.status == BillingStatus.EXPIRED and unpaid.status == BillingStatus.UNPAID
    client = login(users["bendahara"])
    page = client.get("/billing/desk/").content.decode()
    assert all(b.code in page for b in (paid, unpaid, expired)) and "Meja bendahara" in page
    only_paid = client.get("/billing/desk/?status=PAID").content.decode()
    assert paid.code in only_paid and expired.code not in only_paid
    only_unpaid = client.get("/billing/desk/?status=UNPAID").content.decode()
    assert unpaid.code in only_unpaid and paid.code not in only_unpaid and expired.code not in only_unpaid
    by_code = client.get(f"/billing/desk/?q={expired.code}").content.decode()
    assert expired.code in by_code and paid.code not in by_code
    by_order = client.get(f"/billing/desk/?q={paid.order.number}").content.decode()
    assert paid.code in by_order and expired.code not in by_order


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["pelanggan", "cs", "ketua_pji", "mt", "admin", "kepala_balai"])
def test_only_the_treasurer_opens_the_desk(order_at, users, login, name):
    order_at("PAID")
    client = login(users[name])
    for url in DESK_PAGES:
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_the_treasurer_records_how_an_unmatched_notification_was_handled(users, login):
    note = PaymentNotification.objects.create(source="PUSH", raw_payload="{}", outcome="UNKNOWN_CODE",
                                              response_code=2, billing_code="820990000000001")
    client = login(users["bendahara"])
    url = f"/billing/desk/notifications/{note.pk}/handle/"
    response = client.post(url, {"note": ""})
    assert response.status_code == 200
    assert "Tuliskan bagaimana notifikasi ini ditangani." in error_beside(response.content.decode(), "note", url)
    note.refresh_from_db()
    assert note.needs_attention
    client.post(f"/billing/desk/notifications/{note.pk}/handle/", {"note": "Salah kirim; dikonfirmasi ke bank."})
    note.refresh_from_db()
    assert not note.needs_attention and note.handled_by == users["bendahara"] and note.handling_note
    assert "820990000000001" not in client.get("/billing/desk/notifications/").content.decode()
    assert "820990000000001" in client.get("/billing/desk/notifications/?show=all").content.decode()


@pytest.mark.django_db
def test_the_treasurer_tracks_a_refund_request_to_done(order_at, users, login):
    order = order_at("PAID")
    inst = order.instruments.first()
    refund = RefundRequest.objects.create(order=order, instrument=inst, amount=inst.effective_amount,
                                          reason="Alat rusak saat diterima.")
    client = login(users["bendahara"])
    assert "Alat rusak saat diterima." in client.get("/billing/desk/refunds/").content.decode()
    assert "pengembalian dana belum selesai" in client.get("/billing/desk/").content.decode()
    login(users["cs"]).post(f"/billing/desk/refunds/{refund.pk}/done/")
    refund.refresh_from_db()
    assert refund.status == RefundStatus.REQUESTED
    client = login(users["bendahara"])
    client.post(f"/billing/desk/refunds/{refund.pk}/done/", {"note": "SP2D 00123 tanggal 5 Mei"})
    refund.refresh_from_db()
    assert refund.status == RefundStatus.DONE and refund.done_by == users["bendahara"] and refund.done_at
    assert AuditEntry.objects.filter(code="refund.done", order=order).exists()
    response = client.post(f"/billing/desk/refunds/{refund.pk}/done/")
    assert messages_of(response)  # already done: told, not changed


@pytest.mark.django_db
def test_the_customer_prints_the_billing_and_the_receipt(order_at, users, login):
    order = order_at("PAID")
    billing, payment = order.billings.get(), order.payments.get()
    client = login(users["pelanggan"])
    for url in (f"/billing/billing/{billing.pk}.pdf", f"/billing/payment/{payment.pk}/receipt.pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    other = login(users["pelanggan2"])
    assert other.get(f"/billing/billing/{billing.pk}.pdf").status_code == 404
    assert other.get(f"/billing/payment/{payment.pk}/receipt.pdf").status_code == 404


@pytest.mark.django_db
def test_the_order_page_shows_the_billing_to_pay_and_reloads_once_paid(order_at, users, login):
    from billing.services import accept_payment
    from demo.steps import demo_receipt

    order = order_at("PAYMENT_SUBMITTED")
    billing = order.billings.get()
    client = login(users["pelanggan"])
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert billing.code in page and f"/billing/order/{order.pk}/status/" in page
    assert client.get(f"/billing/order/{order.pk}/status/").status_code == 204
    accept_payment(users["bendahara"], order.pk, **demo_receipt(order))
    response = client.get(f"/billing/order/{order.pk}/status/")
    assert response["HX-Refresh"] == "true"
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert "Lunas" in page and f"/billing/payment/{order.payments.get().pk}/receipt.pdf" in page
