"""An e-billing carries the SIMPONI satker code of the unit that serves the order: the PNBP is received
by that unit, never by another."""
from datetime import time

import pytest
from django.conf import settings

from accounts.models import UserRole
from accounts.roles import Role
from billing.services import billing_request
from orders.models import Order
from units.current import default_unit
from units.models import Unit
from workflow.engine import TransitionNotAllowed
from workflow.states import OrderState as O


def _unit(code, satker):
    return Unit.objects.create(code=code, name=f"Balai {code}", short_name=code, satker_code=satker,
                               time_zone="Asia/Makassar", office_start=time(7, 30), office_end=time(16, 0))


@pytest.mark.django_db
def test_the_billing_asks_simponi_for_the_orders_units_satker_code(simponi, order_at, users):
    from demo.steps import issue_billing

    makassar = _unit("bspji-makassar", "654321")
    UserRole.objects.create(user=users["bendahara"], role=Role.BENDAHARA, unit=makassar)
    at_home = order_at("AWAITING_PAYMENT")
    assert simponi.requests[-1]["data"][0][6] == default_unit().satker_code == settings.BALAI_SATKER_CODE

    order = order_at("BILLING_REQUESTED")
    Order.objects.filter(pk=order.pk).update(unit=makassar)
    issue_billing(users, order)
    order.refresh_from_db()
    assert order.state == O.AWAITING_PAYMENT
    header, _details = simponi.requests[-1]["data"]
    assert header[6] == "654321"
    assert order.billings.get().satker_code == "654321"
    assert at_home.billings.get().satker_code == settings.BALAI_SATKER_CODE


@pytest.mark.django_db
def test_a_unit_without_a_satker_code_gets_no_billing_with_another_units_code(order_at):
    order = order_at("BILLING_REQUESTED")
    Order.objects.filter(pk=order.pk).update(unit=_unit("bspji-baru", ""))
    order.refresh_from_db()
    with pytest.raises(TransitionNotAllowed, match="belum memiliki kode satker SIMPONI"):
        billing_request(order, None)


@pytest.mark.django_db
def test_the_builtin_gateway_numbers_a_units_billing_in_its_own_series_and_satker_code(settings, order_at, users):
    from demo.steps import issue_billing

    settings.BILLING_GATEWAY = "builtin"
    makassar = _unit("bspji-makassar", "654321")
    UserRole.objects.create(user=users["bendahara"], role=Role.BENDAHARA, unit=makassar)
    at_home = order_at("AWAITING_PAYMENT").billings.get()
    order = order_at("BILLING_REQUESTED")
    Order.objects.filter(pk=order.pk).update(unit=makassar)
    issue_billing(users, order)
    theirs = order.billings.get()
    year2 = f"{theirs.created_at.year % 100:02d}"
    assert at_home.code.startswith(f"8{settings.BALAI_SATKER_CODE}")
    assert theirs.code == f"8654321{year2}000001"  # Makassar's first billing, not the next of Palembang's
