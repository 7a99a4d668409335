"""Step 4 with several units: the customer picks the unit, only its instrument types are offered, an
instrument type the unit does not offer is refused beside its field with everything typed kept, the order
belongs to the unit chosen and its instruments go to that unit's laboratory. With one unit nothing of this
shows. A reduction limited to one unit applies only there."""
from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog.models import InstrumentType, Laboratory, TariffReduction, UnitOffering
from orders.models import Order
from orders.services import InstrumentLine, save_draft
from orders.tests.test_price_consistency import balance_type, form_data
from units.current import default_unit
from units.models import Unit


def makassar(offers=("Neraca analitik",)) -> Unit:
    """A WITA unit with one laboratory, offering the balances only."""
    unit = Unit.objects.create(code="bspji-makassar", name="Balai Standardisasi dan Pelayanan Jasa Industri Makassar",
                               short_name="BSPJI Makassar", time_zone="Asia/Makassar", office_start=time(8),
                               office_end=time(16), satker_code="409871")
    lab = Laboratory.objects.create(code="mks-kalibrasi", name="Laboratorium Kalibrasi Makassar", unit=unit)
    for name in offers:
        UnitOffering.objects.create(unit=unit, instrument_type=InstrumentType.objects.get(name=name), laboratory=lab)
    return unit


def thermocouple():
    return InstrumentType.objects.get(name="Termokopel", range_label="<= 300 °C")


@pytest.mark.django_db
def test_with_one_unit_the_form_and_the_list_look_as_before(users, login, order_at):
    client = login(users["pelanggan"])
    page = client.get(reverse("orders:create")).content.decode()
    assert f'type="hidden" name="unit" value="{default_unit().code}"' in page
    assert "Tampilkan layanan unit" not in page
    order_at(None)
    listing = client.get(reverse("orders:list"))
    assert listing.context["several_units"] is False
    assert "<th>Unit</th>" not in listing.content.decode()


@pytest.mark.django_db
def test_the_customer_picks_the_unit_and_sees_only_its_instrument_types(users, login):
    unit = makassar()
    client = login(users["pelanggan"])
    page = client.get(reverse("orders:create") + f"?unit={unit.code}")
    html = page.content.decode()
    assert "BSPJI Makassar — WITA, Waktu Indonesia Tengah" in html
    assert "WIB, Waktu Indonesia Barat" in html  # the installation's unit is offered too
    types = page.context["formset"].forms[0].fields["instrument_type"].queryset
    assert list(types) == [balance_type()]


@pytest.mark.django_db
def test_an_instrument_type_the_unit_does_not_offer_is_refused_beside_the_field_with_everything_kept(users, login):
    unit = makassar()
    client = login(users["pelanggan"])
    before = Order.objects.count()
    data = {**form_data((thermocouple(), "TC-991", 1)), "unit": unit.code, "notes": "Kirim lewat kurir"}
    response = client.post(reverse("orders:create"), {**data, "submit": "1"})
    assert response.status_code == 200
    assert Order.objects.count() == before
    line = response.context["formset"].forms[0]
    assert "tidak dilayani oleh BSPJI Makassar" in " ".join(line.errors["instrument_type"])
    html = response.content.decode()
    assert 'value="TC-991"' in html and "Kirim lewat kurir" in html
    assert f'<option value="{unit.code}" selected>' in html


@pytest.mark.django_db
def test_an_order_placed_with_a_second_unit_belongs_to_it_and_goes_to_its_laboratory(users, login):
    unit = makassar()
    client = login(users["pelanggan"])
    data = {**form_data((balance_type(), "NB-1, NB-2", 1)), "unit": unit.code}
    response = client.post(reverse("orders:create"), {**data, "submit": "1"})
    assert response.status_code == 302
    order = Order.objects.latest("pk")
    assert order.unit == unit and order.state == "SUBMITTED"
    assert {i.laboratory.code for i in order.instruments.all()} == {"mks-kalibrasi"}
    # the customer's list now shows each order's unit
    listing = client.get(reverse("orders:list")).content.decode()
    assert "<th>Unit</th>" in listing and "BSPJI Makassar" in listing
    # a unit's CS sees only their unit's orders: no column repeating it on every row
    staff = login(users["cs"]).get(reverse("orders:list"))
    assert staff.context["several_units"] is False and "<th>Unit</th>" not in staff.content.decode()


@pytest.mark.django_db
def test_the_service_refuses_an_unoffered_type_and_an_inactive_unit(users):
    unit = makassar()
    line = InstrumentLine(thermocouple().pk, "Fluke", "T-1", "0-300 °C")
    with pytest.raises(ValidationError, match="tidak dilayani"):
        save_draft(users["pelanggan"], [line], unit_code=unit.code)
    Unit.objects.filter(pk=unit.pk).update(is_active=False)
    with pytest.raises(ValidationError, match="tidak dikenal atau tidak aktif"):
        save_draft(users["pelanggan"], [InstrumentLine(balance_type().pk, "Ohaus", "B-1", "220 g")],
                   unit_code=unit.code)
    assert save_draft(users["pelanggan"], [line]).unit == default_unit()  # no unit named: the default unit


@pytest.mark.django_db
def test_a_reduction_limited_to_one_unit_applies_only_there(users):
    unit = makassar()
    TariffReduction.objects.create(company=users["pelanggan"].company, unit=unit, percent=50,
                                   legal_basis="Permenperin 19/2021 pasal 3", reason="Binaan Balai Makassar",
                                   valid_from=date(2025, 1, 1), created_by=users["admin"])
    line = InstrumentLine(balance_type().pk, "Ohaus", "B-1", "220 g")
    there = save_draft(users["pelanggan"], [line], unit_code=unit.code).instruments.get()
    here = save_draft(users["pelanggan"], [line]).instruments.get()
    assert (there.amount, here.amount) == (150000, 300000)
