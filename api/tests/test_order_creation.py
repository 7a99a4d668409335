"""A customer creates a draft order through the API from the unit named by its code (the default unit when
none is named), with the order form's validation: an instrument type the unit does not offer, or a unit
that is unknown, is refused with 422 and nothing is created; staff cannot order."""
import pytest

from api.models import Scope
from orders.models import Order
from orders.tests.test_price_consistency import balance_type
from orders.tests.test_units import makassar, thermocouple
from units.current import default_unit

BOTH = [Scope.READ, Scope.TRANSITIONS]


def body(itype, unit=None, serial="API-1"):
    data = {"lines": [{"instrument_type_id": itype.pk, "brand": "Ohaus", "serial_number": serial,
                       "capacity": "220 g"}], "notes": "Lewat API"}
    if unit is not None:
        data["unit"] = unit
    return data


@pytest.mark.django_db
def test_an_order_without_a_unit_goes_to_the_default_unit_and_can_be_submitted(users, api_client):
    call, _ = api_client(users["pelanggan"], scopes=BOTH)
    response = call("post", "/api/orders/drafts", body(balance_type()))
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["unit"] == default_unit().code and created["state"] == "DRAFT"
    assert "order.submit" in created["allowed_transitions"]
    submitted = call("post", f"/api/orders/{created['id']}/transitions/order.submit")
    assert submitted.status_code == 200 and submitted.json()["state"] == "SUBMITTED"


@pytest.mark.django_db
def test_an_order_for_a_second_unit_gets_that_unit_and_its_laboratory(users, api_client):
    unit = makassar()
    call, _ = api_client(users["pelanggan"], scopes=BOTH)
    response = call("post", "/api/orders/drafts", body(balance_type(), unit.code))
    assert response.status_code == 201, response.content
    order = Order.objects.get(pk=response.json()["id"])
    assert order.unit == unit and response.json()["unit"] == unit.code
    assert order.instruments.get().laboratory.unit == unit


@pytest.mark.django_db
def test_a_type_the_unit_does_not_offer_and_an_unknown_unit_are_refused(users, api_client):
    unit = makassar()
    call, _ = api_client(users["pelanggan"], scopes=BOTH)
    before = Order.objects.count()
    refused = call("post", "/api/orders/drafts", body(thermocouple(), unit.code))
    assert refused.status_code == 422
    assert "tidak dilayani oleh BSPJI Makassar" in refused.json()["error"]["message"]
    unknown = call("post", "/api/orders/drafts", body(balance_type(), "bspji-atlantis"))
    assert unknown.status_code == 422 and "tidak dikenal" in unknown.json()["error"]["message"]
    assert Order.objects.count() == before


@pytest.mark.django_db
def test_staff_cannot_create_an_order_and_a_read_token_may_not_write(users, api_client):
    call, _ = api_client(users["cs"], scopes=BOTH)
    assert call("post", "/api/orders/drafts", body(balance_type())).status_code == 409
    read_only, _ = api_client(users["pelanggan"])
    assert read_only("post", "/api/orders/drafts", body(balance_type())).status_code == 403
