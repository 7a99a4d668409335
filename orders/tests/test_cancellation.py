"""Cancelling: the customer or CS before payment; never after payment."""
import pytest

from accounts.roles import Role
from billing.models import BillingStatus
from core.tests.support import assert_audit, messages_of
from workflow.states import OrderState as O


@pytest.mark.django_db
def test_cs_cancels_an_order_waiting_for_payment_and_its_billing_is_cancelled(order_at, users, login):
    order = order_at("AWAITING_PAYMENT")
    response = login(users["cs"]).post(f"/orders/{order.pk}/do/cancel/", {"reason": "Pelanggan meminta batal."})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == O.CANCELLED and order.cancel_reason == "Pelanggan meminta batal."
    assert [b.status for b in order.billings.all()] == [BillingStatus.CANCELLED]
    assert_audit("order.cancel", actor=users["cs"], role=Role.CS, step=None, from_state=O.AWAITING_PAYMENT,
                 to_state=O.CANCELLED, order=order)


@pytest.mark.django_db
def test_the_customer_cancels_a_submitted_order(order_at, users, login):
    order = order_at("SUBMITTED")
    login(users["pelanggan"]).post(f"/orders/{order.pk}/do/cancel/", {"reason": "Salah isi."})
    order.refresh_from_db()
    assert order.state == O.CANCELLED


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["pelanggan", "cs"])
@pytest.mark.parametrize("milestone", ["PAID", "IN_LAB"])
def test_cancel_is_refused_after_payment(order_at, users, login, who, milestone):
    order = order_at(milestone)
    response = login(users[who]).post(f"/orders/{order.pk}/do/cancel/", {"reason": "Batal saja."})
    assert response.status_code == 302 and messages_of(response)
    order.refresh_from_db()
    assert order.state == milestone and order.cancel_reason == ""
    assert "Batalkan pesanan" not in login(users[who]).get(f"/orders/{order.pk}/").content.decode()


@pytest.mark.django_db
def test_cancel_needs_a_reason(order_at, users, login):
    order = order_at("SUBMITTED")
    login(users["cs"]).post(f"/orders/{order.pk}/do/cancel/", {"reason": ""})
    order.refresh_from_db()
    assert order.state == O.SUBMITTED


@pytest.mark.django_db
def test_a_cancelled_order_cannot_be_paid(order_at, users, login):
    from demo.road import proof_upload

    order = order_at("AWAITING_PAYMENT")
    login(users["cs"]).post(f"/orders/{order.pk}/do/cancel/", {"reason": "Batal."})
    response = login(users["pelanggan"]).post(f"/billing/order/{order.pk}/proof/", {"proof": proof_upload()})
    assert response.status_code == 302 and messages_of(response)
    order.refresh_from_db()
    assert order.state == O.CANCELLED and not order.payment_proofs.exists()
