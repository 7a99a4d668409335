"""Step 5 branch: CS sends a submitted order back to the customer with what to correct; the customer
edits the draft and submits it again."""
import pytest
from django.urls import reverse

from core.tests.support import assert_audit
from accounts.roles import Role
from orders.models import Order
from workflow.states import OrderState


@pytest.mark.django_db
def test_cs_returns_a_submitted_order_and_the_customer_resubmits(users, login, order_at):
    order = order_at("SUBMITTED")
    cs = login(users["cs"])
    assert "Kembalikan ke pelanggan" in cs.get(reverse("orders:detail", args=[order.pk])).content.decode()
    reason = "Nomor seri timbangan kedua tertukar; mohon periksa."
    response = cs.post(reverse("orders:action", args=[order.pk, "return-to-customer"]), {"reason": reason})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == OrderState.DRAFT and order.return_reason == reason
    assert_audit("order.return_to_customer", actor=users["cs"], role=Role.CS, step=None,
                 from_state=OrderState.SUBMITTED, to_state=OrderState.DRAFT, order=order)

    customer = login(users["pelanggan"])
    page = customer.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert reason in page and reverse("orders:edit", args=[order.pk]) in page
    assert customer.post(reverse("orders:action", args=[order.pk, "submit"])).status_code == 302
    assert Order.objects.get(pk=order.pk).state == OrderState.SUBMITTED


@pytest.mark.django_db
def test_returning_needs_a_reason_and_keeps_the_page(users, login, order_at):
    order = order_at("SUBMITTED")
    response = login(users["cs"]).post(reverse("orders:action", args=[order.pk, "return-to-customer"]),
                                       {"reason": "  "})
    assert response.status_code == 200
    assert response.context["return_form"].errors
    assert Order.objects.get(pk=order.pk).state == OrderState.SUBMITTED


@pytest.mark.django_db
def test_only_cs_returns_and_only_a_submitted_order(users, login, order_at):
    order = order_at("SUBMITTED")
    login(users["pelanggan"]).post(reverse("orders:action", args=[order.pk, "return-to-customer"]),
                                   {"reason": "coba"})
    assert Order.objects.get(pk=order.pk).state == OrderState.SUBMITTED
    validated = order_at("VALIDATED")
    login(users["cs"]).post(reverse("orders:action", args=[validated.pk, "return-to-customer"]), {"reason": "coba"})
    assert Order.objects.get(pk=validated.pk).state == OrderState.VALIDATED
