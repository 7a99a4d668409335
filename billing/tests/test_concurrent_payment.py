"""A payment push and the treasurer's manual acceptance of the same billing at the same moment give
exactly one payment. Needs PostgreSQL (real row locks); runs in CI, where the database is PostgreSQL."""
import json
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from billing.models import Payment, PaymentNotification
from billing.payments import receive_push
from billing.services import accept_payment
from billing.tests.fake_simponi import PUSH_PASSWORD, PUSH_USER
from workflow.engine import TransitionNotAllowed
from workflow.states import OrderState as O

ROUNDS = 5


def _push_message(code: str, ntpn: str) -> bytes:
    return json.dumps({"method": "activeinquiry", "userid": PUSH_USER, "password": PUSH_PASSWORD,
                       "data": ["SIMP1", code, ntpn, "NTB1", "2030-01-01 10:00:00", "520009", "ATM"]}).encode()


def _race(*calls):
    """Run `calls` at the same moment, each in its own thread with its own connection."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 (reported below)
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.mark.django_db(transaction=True)
def test_a_push_and_a_manual_acceptance_at_once_give_one_payment(order_at, users, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SELECT ... FOR UPDATE); SQLite serialises all writes anyway")
    settings.SIMPONI_PUSH_USER, settings.SIMPONI_PUSH_PASSWORD = PUSH_USER, PUSH_PASSWORD
    settings.SIMPONI_ALLOWED_IPS = ["127.0.0.1"]
    for n in range(ROUNDS):
        order = order_at("PAYMENT_SUBMITTED")
        code = order.billings.get().code
        ntpn = f"RACE{n:012d}"
        pushed, accepted = _race(
            lambda: receive_push(_push_message(code, ntpn), "application/json", "127.0.0.1"),
            lambda: accept_payment(users["bendahara"], order.pk, ntpn=ntpn, paid_at=timezone.now(), bank="BRI"),
        )
        assert not isinstance(pushed, Exception), pushed
        assert isinstance(accepted, (Payment, TransitionNotAllowed)), accepted
        order.refresh_from_db()
        assert order.state == O.PAID
        assert Payment.objects.filter(order=order).count() == 1
        push_won = pushed.response_code == 3
        assert push_won == isinstance(accepted, TransitionNotAllowed)
        assert PaymentNotification.objects.filter(billing__order=order).count() == 1
