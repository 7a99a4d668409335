"""Step 10 by hand records what the state receipt (BPN) says, as the automatic road does: the NTPN
(16 letters or digits, unique across payments), when the payment was made and through which bank.
Anything missing or wrong comes back on the order page with what was typed and the message beside the
field; what was recorded appears in the reconciliation export."""
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from billing.models import Payment, PaymentMethod
from hardening.tests.formcheck import error_beside, shown_value
from workflow.states import OrderState as O

NTPN = "0B2E4A1C7F9D3E56"


def bpn_form(ntpn=NTPN, bank="Bank BRI", paid_at=None, note="Sesuai BPN."):
    paid_at = paid_at or timezone.localtime() - timedelta(minutes=5)
    return {"ntpn": ntpn, "bank": bank, "paid_at": paid_at.strftime("%Y-%m-%dT%H:%M"), "note": note}


def refused(client, order, form, field, message):
    url = f"/billing/order/{order.pk}/accept/"
    response = client.post(url, form)
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("ntpn", "bank", "paid_at", "note"):
        assert shown_value(page, name, url) == form[name], name
    assert message in error_beside(page, field, url)
    order.refresh_from_db()
    assert order.state == O.PAYMENT_SUBMITTED and not order.payments.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("ntpn, message", [
    ("", "Isi NTPN"),
    ("12345", "16 huruf atau angka"),
    ("0B2E4A1C7F9D3E5!", "16 huruf atau angka"),
    ("0B2E4A1C7F9D3E56789", "16 huruf atau angka"),
])
def test_an_acceptance_without_a_valid_ntpn_comes_back_as_typed(order_at, users, login, ntpn, message):
    from django.utils import translation

    order = order_at("PAYMENT_SUBMITTED")
    with translation.override("id"):
        refused(login(users["bendahara"]), order, bpn_form(ntpn=ntpn), "ntpn", message)


@pytest.mark.django_db
def test_an_ntpn_already_recorded_for_another_payment_is_refused(order_at, users, login):
    paid = order_at("PAID")  # the demo treasurer recorded its BPN's NTPN
    taken = paid.payments.get().ntpn
    assert taken and len(taken) == 16
    order = order_at("PAYMENT_SUBMITTED")
    client = login(users["bendahara"])
    refused(client, order, bpn_form(ntpn=taken), "ntpn", "sudah tercatat")
    refused(client, order, bpn_form(ntpn=taken.lower()), "ntpn", "sudah tercatat")


@pytest.mark.django_db
def test_the_payment_time_and_bank_are_required_and_sensible(order_at, users, login):
    order = order_at("PAYMENT_SUBMITTED")
    client = login(users["bendahara"])
    refused(client, order, bpn_form(bank=""), "bank", "Isi nama bank")
    refused(client, order, bpn_form(paid_at=timezone.localtime() + timedelta(days=2)), "paid_at", "masa depan")
    refused(client, order, bpn_form(paid_at=timezone.localtime() - timedelta(days=30)), "paid_at",
            "lebih awal dari terbitnya e-billing")
    form = bpn_form()
    form["paid_at"] = "kemarin sore"
    refused(client, order, form, "paid_at", "Tulis tanggal dan jam bayar")


@pytest.mark.django_db
def test_a_valid_receipt_is_stored_and_shown_in_the_reconciliation_export(order_at, users, login):
    order = order_at("PAYMENT_SUBMITTED")
    billing = order.billings.get()
    client = login(users["bendahara"])
    paid_at = timezone.localtime() - timedelta(minutes=7)
    response = client.post(f"/billing/order/{order.pk}/accept/",
                           bpn_form(ntpn="0b2e 4a1c 7f9d 3e56", bank="Bank BRI", paid_at=paid_at))
    assert response.status_code == 302
    order.refresh_from_db()
    payment = Payment.objects.get(order=order)
    assert order.state == O.PAID and payment.method == PaymentMethod.PROOF
    assert payment.ntpn == NTPN and payment.bank == "Bank BRI"
    assert timezone.localtime(payment.paid_at).strftime("%Y-%m-%d %H:%M") == paid_at.strftime("%Y-%m-%d %H:%M")
    assert payment.recorded_by == users["bendahara"]

    today = timezone.localdate().isoformat()
    page = client.get(f"/billing/desk/reconciliation/?from={today}&to={today}").content.decode()
    assert NTPN in page
    export = client.get(f"/billing/desk/reconciliation.xlsx?from={today}&to={today}")
    book = load_workbook(io.BytesIO(b"".join(export) if export.streaming else export.content))
    rows = [[str(c) if c is not None else "" for c in row] for ws in book.worksheets for row in ws.iter_rows(values_only=True)]
    billing_rows = [r for r in rows if billing.code in r and NTPN in r]
    assert billing_rows, rows
    assert any("Bank BRI" in r for r in billing_rows)

    # A push of the same receipt later is recognised as the payment already recorded.
    from billing.gateway import PaymentNotice
    from billing.models import NotificationOutcome, NotificationSource, PaymentNotification
    from billing.payments import match_notice

    note = PaymentNotification.objects.create(source=NotificationSource.PUSH, raw_payload="{}")
    note = match_notice(note, PaymentNotice(billing_code=billing.code, ntpn=NTPN, ntb="", paid_at=None, bank="",
                                            channel="", simponi_id="", amount=None))
    assert note.outcome == NotificationOutcome.DUPLICATE and note.payment == payment


@pytest.mark.django_db
def test_the_service_refuses_an_acceptance_without_a_receipt(order_at, users):
    """Every road (the page, the API) goes through the same check."""
    from django.core.exceptions import ValidationError

    from billing.services import accept_payment

    order = order_at("PAYMENT_SUBMITTED")
    with pytest.raises(ValidationError) as caught:
        accept_payment(users["bendahara"], order.pk)
    assert set(caught.value.message_dict) == {"ntpn", "paid_at", "bank"}
    order.refresh_from_db()
    assert order.state == O.PAYMENT_SUBMITTED and not order.payments.exists()
