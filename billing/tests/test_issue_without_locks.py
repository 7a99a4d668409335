"""Steps 8 and its re-issue: the gateway (SIMPONI, an HTTP call) is asked with no row lock and no
transaction held; then the order is locked, checked again and the billing recorded. Two treasurers
clicking at once get one billing; the second code is discarded, never recorded on the order."""
import threading

import pytest
from django.db import connection, connections

from billing import services
from billing.gateway.builtin import BuiltinGateway
from billing.models import Billing
from core.tests.support import order_lockable_elsewhere
from orders.models import Order
from workflow.engine import TransitionNotAllowed
from workflow.states import OrderState

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def watched_gateway(monkeypatch):
    """The built-in gateway, noting for each call whether a transaction was open and the order free."""
    calls = []

    class Watched(BuiltinGateway):
        order_id = None

        def create_billing(self, request):
            free = order_lockable_elsewhere(self.order_id) if connection.vendor == "postgresql" else True
            calls.append((connection.in_atomic_block, free))
            return super().create_billing(request)

    monkeypatch.setattr(services, "get_gateway", Watched)
    return Watched, calls


def test_issue_asks_the_gateway_outside_any_transaction_and_lock(users, order_at, watched_gateway):
    gateway, calls = watched_gateway
    order = order_at("BILLING_REQUESTED")
    gateway.order_id = order.pk

    billing = services.issue_billing(users["bendahara"], order.pk)

    assert calls == [(False, True)]
    order.refresh_from_db()
    assert order.state == OrderState.AWAITING_PAYMENT
    assert list(order.billings.values_list("code", flat=True)) == [billing.code]


def test_reissue_asks_the_gateway_outside_any_transaction_and_lock(users, order_at, watched_gateway):
    gateway, calls = watched_gateway
    order = order_at("AWAITING_PAYMENT")
    old = order.billings.get()
    Order.objects.filter(pk=order.pk).update(state=OrderState.BILLING_EXPIRED)
    gateway.order_id, calls[:] = order.pk, []  # the first issue on the way here is not under test

    new = services.reissue_billing(users["bendahara"], order.pk)

    assert calls == [(False, True)]
    assert new.replaces_id == old.pk
    order.refresh_from_db()
    assert order.state == OrderState.AWAITING_PAYMENT


def test_a_refused_treasurer_never_reaches_the_gateway(users, order_at, watched_gateway):
    _gateway, calls = watched_gateway
    order = order_at("PRICED")  # the customer has not accepted the price yet

    with pytest.raises(TransitionNotAllowed):
        services.issue_billing(users["bendahara"], order.pk)
    assert calls == []


def test_two_treasurers_issuing_at_once_make_one_billing(users, order_at, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL; SQLite admits one writer at a time")
    order = order_at("BILLING_REQUESTED")
    both_asked = threading.Barrier(2)

    class Slow(BuiltinGateway):
        def create_billing(self, request):
            issued = super().create_billing(request)
            both_asked.wait(timeout=20)  # both clicks hold a code before either records it
            return issued

    monkeypatch.setattr(services, "get_gateway", Slow)
    outcomes = [None, None]

    def click(i):
        try:
            outcomes[i] = services.issue_billing(users["bendahara"], order.pk)
        except Exception as exc:  # noqa: BLE001 - checked below
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    billings = [o for o in outcomes if isinstance(o, Billing)]
    refused = [o for o in outcomes if isinstance(o, TransitionNotAllowed)]
    assert len(billings) == 1 and len(refused) == 1, outcomes
    assert list(Billing.objects.filter(order=order).values_list("code", flat=True)) == [billings[0].code]
    order.refresh_from_db()
    assert order.state == OrderState.AWAITING_PAYMENT
