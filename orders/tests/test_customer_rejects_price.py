"""Step 7 branch: the customer rejects the price; the order goes back to CS with the reason."""
import pytest

from accounts.roles import Role
from core.tests.support import assert_audit
from workflow.states import OrderState as O


@pytest.mark.django_db
def test_rejected_price_goes_back_to_cs_with_the_reason_shown(order_at, users, login):
    order = order_at("PRICED")
    reason = "Tarif termometer terlalu tinggi dibanding tahun lalu."
    response = login(users["pelanggan"]).post(f"/orders/{order.pk}/do/reject-price/", {"reason": reason})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == O.SUBMITTED and order.price_rejection_reason == reason
    assert_audit("order.reject_price", actor=users["pelanggan"], role=Role.PELANGGAN, step=None,
                 from_state=O.PRICED, to_state=O.SUBMITTED, order=order)
    cs = login(users["cs"])
    assert reason in cs.get(f"/orders/{order.pk}/").content.decode()
    assert f"/orders/{order.pk}/" in cs.get("/workflow/inbox/CS/").content.decode()


@pytest.mark.django_db
def test_rejecting_the_price_needs_a_reason(order_at, users, login):
    order = order_at("PRICED")
    login(users["pelanggan"]).post(f"/orders/{order.pk}/do/reject-price/", {"reason": "  "})
    order.refresh_from_db()
    assert order.state == O.PRICED


@pytest.mark.django_db
def test_after_rejecting_the_price_the_customer_can_cancel(order_at, users, login):
    order = order_at("PRICED")
    c = login(users["pelanggan"])
    c.post(f"/orders/{order.pk}/do/reject-price/", {"reason": "Terlalu mahal."})
    c.post(f"/orders/{order.pk}/do/cancel/", {"reason": "Kami batalkan."})
    order.refresh_from_db()
    assert order.state == O.CANCELLED and order.cancel_reason == "Kami batalkan."
    assert_audit("order.cancel", actor=users["pelanggan"], role=Role.PELANGGAN, step=None,
                 from_state=O.SUBMITTED, to_state=O.CANCELLED, order=order)


@pytest.mark.django_db
def test_after_a_price_rejection_cs_validates_again_and_the_number_is_kept(order_at, users, login):
    order = order_at("PRICED")
    number = order.number
    login(users["pelanggan"]).post(f"/orders/{order.pk}/do/reject-price/", {"reason": "Terlalu mahal."})
    login(users["cs"]).post(f"/orders/{order.pk}/do/validate/", {"note": "Sudah dijelaskan ke pelanggan."})
    order.refresh_from_db()
    assert order.state == O.VALIDATED and order.number == number
