"""The SIMPONI host-to-host client against a fake SIMPONI on loopback: the billing code comes from
SIMPONI, a pushed or polled payment marks the order paid with no human step, and every notification
that does not match is stored, refused with code 2 and left for the treasurer."""
import pytest
from django.conf import settings
from django.utils import timezone

from accounts.roles import SYSTEM
from billing.models import (Billing, BillingStatus, NotificationOutcome as Out, Payment, PaymentMethod,
                            PaymentNotification, RefusedPushCount)
from billing.payments import poll_unpaid_billings
from billing.services import expire_billings
from billing.tests.fake_simponi import push
from core.tests.support import assert_audit, messages_of
from workflow.states import OrderState as O

NTPN = "0A1B2C3D4E5F6G7H"  # 16 characters, not digits only
OTHER_NTPN = "ZZ99YY88XX77WW66"


@pytest.mark.django_db
def test_issuing_a_billing_asks_simponi_for_the_code_with_the_approved_lines(simponi, order_at):
    order = order_at("AWAITING_PAYMENT")
    billing = order.billings.get()
    assert billing.code in simponi.billings and billing.gateway == "simponi"
    assert len(billing.code) == 15 and billing.code.startswith("8") and billing.simponi_id
    message = simponi.requests[-1]
    assert message["method"] == "billingcode_v4"
    header, details = message["data"]
    assert header[6] == settings.BALAI_SATKER_CODE and header[9] == str(order.total_amount)
    assert header[10] == order.company.name and header[12] == order.company.npwp
    instruments = list(order.instruments.order_by("position"))
    assert len(details) == len(instruments) == billing.lines.count()
    assert [d[1] for d in details] == [i.tariff.code for i in instruments]
    assert all(d[3] == settings.PNBP_ACCOUNT_CODE for d in details)
    assert sum(int(d[7]) for d in details) == billing.amount == order.total_amount
    assert billing.account_code == settings.PNBP_ACCOUNT_CODE and billing.satker_code == settings.BALAI_SATKER_CODE


@pytest.mark.django_db
def test_a_pushed_payment_marks_the_order_paid_with_no_human_step(simponi, order_at, client, users, login):
    order = order_at("AWAITING_PAYMENT")
    billing = order.billings.get()
    status, answer = push(client, simponi.pay(billing.code, NTPN))
    assert status == 200 and answer["response_code"] == 3
    order.refresh_from_db()
    billing.refresh_from_db()
    payment = Payment.objects.get()
    assert order.state == O.PAID and billing.status == BillingStatus.PAID
    assert (payment.ntpn, payment.ntb, payment.bank, payment.channel) == (NTPN, "NTB0000123456", "520009", "ATM")
    assert payment.method == PaymentMethod.STATE_BILLING and payment.amount == billing.amount
    assert payment.recorded_by is None
    entry = assert_audit("order.paid_by_state_billing", actor=None, role=SYSTEM, step=None,
                         from_state=O.AWAITING_PAYMENT, to_state=O.PAID, order=order)
    assert entry.data["ntpn"] == NTPN
    note = PaymentNotification.objects.get()
    assert (note.outcome, note.response_code, note.billing, note.payment, note.needs_attention) == (
        Out.ACCEPTED, 3, billing, payment, False)
    assert note.source_ip == "127.0.0.1" and NTPN in note.raw_payload
    page = login(users["pelanggan"]).get(f"/orders/{order.pk}/").content.decode()
    assert "Lunas" in page and NTPN in page
    assert f"/orders/{order.pk}/" in login(users["cs"]).get("/workflow/inbox/CS/").content.decode()


@pytest.mark.django_db
def test_a_push_while_a_proof_waits_pays_the_order_and_settles_the_proof(simponi, order_at, client):
    order = order_at("PAYMENT_SUBMITTED")
    _, answer = push(client, simponi.pay(order.billings.get().code, NTPN))
    assert answer["response_code"] == 3
    order.refresh_from_db()
    assert order.state == O.PAID and order.payments.get().proof == order.payment_proofs.get()
    assert order.payment_proofs.get().status == "ACCEPTED"


@pytest.mark.django_db
def test_the_same_push_a_hundred_times_gives_one_payment(simponi, order_at, client):
    order = order_at("AWAITING_PAYMENT")
    message = simponi.pay(order.billings.get().code, NTPN)
    codes = [push(client, message)[1]["response_code"] for _ in range(100)]
    assert codes == [3] + [2] * 99
    assert Payment.objects.count() == 1 and order.payments.get().ntpn == NTPN
    assert PaymentNotification.objects.count() == 100
    assert PaymentNotification.objects.filter(outcome=Out.DUPLICATE, needs_attention=False).count() == 99


def _refused(client, message, outcome, http_status=200, **extra):
    before = Payment.objects.count()
    status, answer = push(client, message, **extra)
    assert (status, answer["response_code"]) == (http_status, 2)
    assert Payment.objects.count() == before
    note = PaymentNotification.objects.order_by("-id").first()
    assert note.outcome == outcome and note.response_code == 2 and note.needs_attention
    assert note.raw_payload
    return note


@pytest.mark.django_db
def test_an_unknown_billing_code_is_stored_and_refused(simponi, order_at, client, users, login):
    order_at("AWAITING_PAYMENT")
    message = simponi.pay("820990000099999", NTPN)
    note = _refused(client, message, Out.UNKNOWN_CODE)
    assert note.billing is None and note.billing_code == "820990000099999" and note.ntpn == NTPN
    page = login(users["bendahara"]).get("/billing/desk/notifications/").content.decode()
    assert "820990000099999" in page and str(Out.UNKNOWN_CODE.label) in page


@pytest.mark.django_db
def test_a_payment_for_an_expired_billing_is_stored_and_refused(simponi, order_at, client):
    order = order_at("AWAITING_PAYMENT")
    billing = order.billings.get()
    expire_billings(now=timezone.now() + timezone.timedelta(days=settings.BILLING_EXPIRY_DAYS, hours=1))
    note = _refused(client, simponi.pay(billing.code, NTPN), Out.EXPIRED)
    assert note.billing == billing
    order.refresh_from_db()
    assert order.state == O.BILLING_EXPIRED


@pytest.mark.django_db
def test_a_billing_past_its_expiry_is_refused_even_before_the_expiry_job_runs(simponi, order_at, client):
    order = order_at("AWAITING_PAYMENT")
    Billing.objects.filter(order=order).update(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    _refused(client, simponi.pay(order.billings.get().code, NTPN), Out.EXPIRED)
    order.refresh_from_db()
    assert order.state == O.AWAITING_PAYMENT


@pytest.mark.django_db
def test_a_second_ntpn_for_a_paid_billing_is_stored_and_refused(simponi, order_at, client):
    order = order_at("AWAITING_PAYMENT")
    code = order.billings.get().code
    push(client, simponi.pay(code, NTPN))
    note = _refused(client, simponi.pay(code, OTHER_NTPN), Out.ALREADY_PAID)
    assert note.ntpn == OTHER_NTPN and order.payments.get().ntpn == NTPN


@pytest.mark.django_db
def test_a_push_for_a_billing_paid_by_proof_is_left_for_the_treasurer(simponi, order_at, client):
    order = order_at("PAID")  # the treasurer accepted the uploaded proof
    _refused(client, simponi.pay(order.billings.get().code, NTPN), Out.ALREADY_PAID)
    assert order.payments.get().method == PaymentMethod.PROOF


@pytest.mark.django_db
def test_a_push_with_bad_credentials_is_stored_and_refused(simponi, order_at, client):
    order = order_at("AWAITING_PAYMENT")
    message = simponi.pay(order.billings.get().code, NTPN)
    message["password"] = "salah"
    note = _refused(client, message, Out.BAD_CREDENTIALS, http_status=401)
    assert note.billing is None
    order.refresh_from_db()
    assert order.state == O.AWAITING_PAYMENT


@pytest.mark.django_db
def test_a_push_from_an_address_not_allowed_is_counted_and_refused_unread(simponi, order_at, client):
    order = order_at("AWAITING_PAYMENT")
    status, answer = push(client, simponi.pay(order.billings.get().code, NTPN), ip="203.0.113.9")
    assert (status, answer["response_code"]) == (403, 2)
    assert not PaymentNotification.objects.exists() and not Payment.objects.exists()
    assert RefusedPushCount.objects.get().source == "203.0.113.9"


@pytest.mark.django_db
def test_http_basic_credentials_are_accepted_and_an_allowed_network_matches(simponi, order_at, client):
    import base64

    order = order_at("AWAITING_PAYMENT")
    message = simponi.pay(order.billings.get().code, NTPN)
    del message["userid"], message["password"]
    token = base64.b64encode(b"simponi-push:rahasia-uji").decode()
    status, answer = push(client, message, ip="10.20.3.4", HTTP_AUTHORIZATION=f"Basic {token}")
    assert (status, answer["response_code"]) == (200, 3)


@pytest.mark.django_db
def test_an_unreadable_push_is_stored_and_refused(simponi, client):
    response = client.post("/billing/simponi/push/", data="bukan json", content_type="application/json",
                           REMOTE_ADDR="127.0.0.1", HTTP_AUTHORIZATION="Basic c2ltcG9uaS1wdXNoOnJhaGFzaWEtdWpp")
    assert response.status_code == 400 and response.json()["response_code"] == 2
    assert PaymentNotification.objects.get().outcome == Out.MALFORMED


@pytest.mark.django_db
def test_pushes_are_refused_when_no_credentials_are_configured(simponi, order_at, client, settings):
    order = order_at("AWAITING_PAYMENT")
    settings.SIMPONI_PUSH_USER = settings.SIMPONI_PUSH_PASSWORD = ""
    message = simponi.pay(order.billings.get().code, NTPN)
    message["userid"] = message["password"] = ""
    _refused(client, message, Out.BAD_CREDENTIALS, http_status=401)


@pytest.mark.django_db
def test_a_status_poll_finds_the_payment_and_pays_the_order(simponi, order_at):
    order = order_at("AWAITING_PAYMENT")
    assert poll_unpaid_billings() == 0  # not paid yet: nothing stored
    assert not PaymentNotification.objects.exists()
    simponi.pay(order.billings.get().code, NTPN)
    assert poll_unpaid_billings() == 1
    order.refresh_from_db()
    assert order.state == O.PAID and order.payments.get().ntpn == NTPN
    note = PaymentNotification.objects.get()
    assert note.source == "POLL" and note.outcome == Out.ACCEPTED


@pytest.mark.django_db
def test_a_polled_payment_of_another_amount_is_not_accepted(simponi, order_at, users, login):
    order = order_at("AWAITING_PAYMENT")
    billing = order.billings.get()
    simponi.pay(billing.code, NTPN, amount=billing.amount - 1000)
    response = login(users["bendahara"]).post(f"/billing/desk/billing/{billing.pk}/poll/")
    assert messages_of(response)
    order.refresh_from_db()
    assert order.state == O.AWAITING_PAYMENT and not Payment.objects.exists()
    assert PaymentNotification.objects.get().outcome == Out.AMOUNT_MISMATCH


@pytest.mark.django_db
def test_simponi_refusing_or_unreachable_gives_the_treasurer_a_message(simponi, order_at, users, login, settings):
    order = order_at("BILLING_REQUESTED")
    simponi.refuse = True
    response = login(users["bendahara"]).post(f"/billing/order/{order.pk}/issue/")
    assert "Satker tidak terdaftar" in " ".join(messages_of(response))
    settings.SIMPONI_URL = "http://127.0.0.1:9/closed/"
    response = login(users["bendahara"]).post(f"/billing/order/{order.pk}/issue/")
    assert "SIMPONI" in " ".join(messages_of(response))
    order.refresh_from_db()
    assert order.state == O.BILLING_REQUESTED and not order.billings.exists()
