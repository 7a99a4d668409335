"""A flood of refused pushes costs bounded storage and at most one alert for the treasurer; the source
address is the one the trusted reverse proxy reports; a payment whose push was refused is still found,
by the status poll."""
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F, Sum
from django.db.models.functions import Length
from django.utils import timezone

from billing.models import NotificationOutcome as Out, Payment, PaymentNotification, PushAlert, RefusedPushCount
from billing.tests.fake_simponi import PUSH_PASSWORD, PUSH_USER
from notifications.models import Notification
from workflow.states import OrderState as O

NTPN = "0A1B2C3D4E5F6G7H"
PROXY = "127.0.0.1"  # nginx on the same host (TRUSTED_PROXY_IPS)
STRANGER = "203.0.113.9"
SIMPONI_HOST = "10.20.0.7"  # in SIMPONI_ALLOWED_IPS (10.20.0.0/16) of the fixture
LIMIT = 8192


def _post(client, body: str, *, remote=PROXY, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.post("/billing/simponi/push/", data=body, content_type="application/json", REMOTE_ADDR=remote,
                       **extra)


def _stored_bytes() -> int:
    return PaymentNotification.objects.aggregate(n=Sum(Length("raw_payload")))["n"] or 0


@pytest.mark.django_db
def test_a_thousand_refused_pushes_from_each_kind_of_source_store_little_and_alert_once(
        simponi, order_at, client, users, login):
    order = order_at("AWAITING_PAYMENT")
    message = simponi.pay(order.billings.get().code, NTPN)
    message["password"] = "kata-sandi-lama"
    message["padding"] = "x" * 100_000  # the size an attacker may send
    body = json.dumps(message)

    strangers = [_post(client, body, forwarded=STRANGER).status_code for _ in range(1000)]
    # Counted, never stored: 403 up to 60 in a minute, then 429 (the run may straddle a minute).
    assert set(strangers) <= {403, 429} and strangers[:60] == [403] * 60
    assert strangers.count(429) >= 1000 - 2 * 60
    assert not PaymentNotification.objects.exists()
    counts = list(RefusedPushCount.objects.values_list("source", "count"))
    assert len(counts) <= 2 and {s for s, _ in counts} == {STRANGER} and sum(c for _, c in counts) == 1000
    assert Notification.objects.count() == 0

    wrong = [_post(client, body, forwarded=SIMPONI_HOST).status_code for _ in range(1000)]
    assert wrong == [401] * 1000
    # Every push from the allowed address is kept, capped, with no password in the clear.
    stored = PaymentNotification.objects.all()
    assert stored.count() == 1000 and set(stored.values_list("outcome", flat=True)) == {Out.BAD_CREDENTIALS}
    assert set(stored.values_list("source_ip", flat=True)) == {SIMPONI_HOST}
    longest = max(len(raw.encode()) for raw in stored.values_list("raw_payload", flat=True))
    assert longest <= LIMIT and _stored_bytes() <= 1000 * LIMIT
    assert "kata-sandi-lama" not in stored.first().raw_payload
    # One alert, and nothing else in the treasurer's list.
    attention = PaymentNotification.objects.filter(needs_attention=True)
    assert attention.count() == 1 and "periksa kredensial SIMPONI" in attention.get().detail
    treasurer = users["bendahara"]
    assert list(Notification.objects.values_list("user", flat=True)) == [treasurer.pk]
    page = login(treasurer).get("/billing/desk/notifications/")
    assert page.context["page"].paginator.count == 1 and page.context["attention"] == 1
    order.refresh_from_db()
    assert order.state == O.AWAITING_PAYMENT and not Payment.objects.exists()


@pytest.mark.django_db
def test_the_payment_a_refused_push_carried_is_found_by_the_status_poll(simponi, order_at, client):
    order = order_at("AWAITING_PAYMENT")
    message = simponi.pay(order.billings.get().code, NTPN)  # paid at the bank; SIMPONI knows
    message["password"] = "kata-sandi-lama"
    assert _post(client, json.dumps(message), forwarded=SIMPONI_HOST).status_code == 401
    order.refresh_from_db()
    assert order.state == O.AWAITING_PAYMENT
    month_old = timezone.now().replace(second=0, microsecond=0) - timedelta(days=31)
    RefusedPushCount.objects.create(source=STRANGER, minute=month_old, count=5)
    call_command("scheduler", "--once")  # the periodic job of deploy/systemd/sippt-scheduler.service
    assert not RefusedPushCount.objects.exists()  # old counters are dropped by the same job
    order.refresh_from_db()
    assert order.state == O.PAID and order.payments.get().ntpn == NTPN
    assert PaymentNotification.objects.filter(source="POLL", outcome=Out.ACCEPTED).count() == 1


@pytest.mark.django_db
def test_the_source_is_the_address_the_trusted_proxy_reports(simponi, order_at, client):
    order = order_at("AWAITING_PAYMENT")
    message = simponi.pay(order.billings.get().code, NTPN)
    body = json.dumps(message)
    # Anyone may write the header; it counts only on a request from the proxy.
    assert _post(client, body, remote=STRANGER, forwarded=SIMPONI_HOST).status_code == 403
    # Through the proxy, a forged left part is ignored: nginx appends the address it saw.
    assert _post(client, body, forwarded=f"{SIMPONI_HOST}, {STRANGER}").status_code == 403
    assert _post(client, body, forwarded="not-an-address").status_code == 403
    assert not PaymentNotification.objects.exists()
    assert RefusedPushCount.objects.get(source=STRANGER).count == 2
    assert RefusedPushCount.objects.get(source="?").count == 1

    message["padding"] = "é" * 20_000
    response = _post(client, json.dumps(message), forwarded=f"198.51.100.1, {SIMPONI_HOST}")
    assert response.status_code == 200 and response.json()["response_code"] == 3
    note = PaymentNotification.objects.get()
    assert note.source_ip == SIMPONI_HOST and note.outcome == Out.ACCEPTED and not note.needs_attention
    assert len(note.raw_payload.encode()) <= LIMIT and NTPN in note.raw_payload
    assert PUSH_PASSWORD not in note.raw_payload and PUSH_USER in note.raw_payload
    order.refresh_from_db()
    assert order.state == O.PAID


@pytest.mark.django_db
def test_wrong_credentials_alert_the_treasurer_again_only_after_an_hour(simponi, order_at, client, users):
    order = order_at("AWAITING_PAYMENT")
    message = simponi.pay(order.billings.get().code, NTPN)
    message["password"] = "salah"
    body = json.dumps(message)

    def alerts():
        return PaymentNotification.objects.filter(needs_attention=True).count()

    _post(client, body, forwarded=SIMPONI_HOST)
    assert alerts() == 1
    PaymentNotification.objects.update(needs_attention=False)  # handled by the treasurer
    PushAlert.objects.update(raised_at=F("raised_at") - timedelta(minutes=50))
    _post(client, body, forwarded=SIMPONI_HOST)
    assert alerts() == 0
    PushAlert.objects.update(raised_at=F("raised_at") - timedelta(minutes=11))
    _post(client, body, forwarded=SIMPONI_HOST)
    assert alerts() == 1 and Notification.objects.filter(user=users["bendahara"]).count() == 2


@pytest.mark.django_db
def test_a_push_nested_too_deep_is_stored_as_unreadable_not_a_server_error(simponi, client):
    response = client.post("/billing/simponi/push/", data="[" * 200_000 + "]" * 200_000,
                           content_type="application/json", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=SIMPONI_HOST,
                           HTTP_AUTHORIZATION="Basic c2ltcG9uaS1wdXNoOnJhaGFzaWEtdWpp")
    assert response.status_code == 400 and response.json()["response_code"] == 2
    note = PaymentNotification.objects.get()
    assert note.outcome == Out.MALFORMED and len(note.raw_payload.encode()) <= LIMIT
