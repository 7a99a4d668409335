"""Step 6 keeps what Ketua Tim PJI typed, and money stays within bounds on every road that stores it.

A corrected amount sent without its reason used to come back reset to the catalogue price, so adding the
reason approved the catalogue price; a 21-digit amount gave a 500 and 9223372036854775807 was accepted,
leaving an order no e-billing can carry."""
import pytest

from billing.models import Billing
from hardening.tests.formcheck import error_beside, form_errors, shown_value
from orders.models import Instrument
from orders.money import MAX_ORDER_TOTAL
from workflow.states import OrderState as O


def tariff_post(order, **changes):
    post = {f"amount_{i.pk}": str(i.effective_amount) for i in order.instruments.all()}
    post.update(changes)
    return post


@pytest.mark.django_db
def test_a_correction_without_reason_comes_back_with_the_amount_typed(order_at, users, login):
    order = order_at("VALIDATED")
    first = next(i for i in order.instruments.order_by("position") if i.amount != 300000)
    client = login(users["ketua_pji"])
    url = f"/orders/{order.pk}/tariff/"
    response = client.post(url, tariff_post(order, **{f"amount_{first.pk}": "300000", "note": "Cek ulang titik."}))
    assert response.status_code == 200
    page = response.content.decode()
    assert shown_value(page, f"amount_{first.pk}", url) == "300000"
    assert shown_value(page, "note", url) == "Cek ulang titik."
    assert "alasan koreksi" in error_beside(page, f"reason_{first.pk}", url).lower()
    order.refresh_from_db()
    first.refresh_from_db()
    assert order.state == O.VALIDATED and first.corrected_amount is None

    # Adding the reason to what came back approves 300 000, not the catalogue price.
    response = client.post(url, tariff_post(order, **{f"amount_{first.pk}": "300000",
                                                      f"reason_{first.pk}": "Hanya dua titik."}))
    assert response.status_code == 302
    first.refresh_from_db()
    order.refresh_from_db()
    assert order.state == O.PRICED and first.corrected_amount == 300000 and first.correction_reason == "Hanya dua titik."


@pytest.mark.django_db
def test_an_amount_written_with_thousands_dots_is_read_as_rupiah(order_at, users, login):
    order = order_at("VALIDATED")
    first = order.instruments.order_by("position").first()
    response = login(users["ketua_pji"]).post(f"/orders/{order.pk}/tariff/", tariff_post(
        order, **{f"amount_{first.pk}": "Rp 275.000", f"reason_{first.pk}": "Dua titik."}))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.corrected_amount == 275000


@pytest.mark.django_db
@pytest.mark.parametrize("typed, message", [
    ("100000000000000000000", "paling banyak Rp 1.000.000.000"),
    ("9223372036854775807", "paling banyak Rp 1.000.000.000"),
    ("1000000001", "paling banyak Rp 1.000.000.000"),
    ("-5", "tidak boleh negatif"),
    ("250000,50", "bilangan bulat rupiah"),
    ("dua ratus ribu", "bilangan bulat rupiah"),
])
def test_an_amount_out_of_bounds_is_refused_beside_the_field(order_at, users, login, typed, message):
    order = order_at("VALIDATED")
    first = order.instruments.order_by("position").first()
    url = f"/orders/{order.pk}/tariff/"
    response = login(users["ketua_pji"]).post(url, tariff_post(
        order, **{f"amount_{first.pk}": typed, f"reason_{first.pk}": "Koreksi."}))
    assert response.status_code == 200
    page = response.content.decode()
    assert shown_value(page, f"amount_{first.pk}", url) == typed
    assert shown_value(page, f"reason_{first.pk}", url) == "Koreksi."
    assert message in error_beside(page, f"amount_{first.pk}", url)
    order.refresh_from_db()
    first.refresh_from_db()
    assert order.state == O.VALIDATED and first.corrected_amount is None


@pytest.mark.django_db
def test_the_largest_line_amount_is_accepted(order_at, users, login):
    order = order_at("VALIDATED")
    first = order.instruments.order_by("position").first()
    response = login(users["ketua_pji"]).post(f"/orders/{order.pk}/tariff/", tariff_post(
        order, **{f"amount_{first.pk}": "1000000000", f"reason_{first.pk}": "Kalibrasi di lokasi pelanggan."}))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.corrected_amount == 1_000_000_000


@pytest.mark.django_db
def test_the_order_total_is_capped_when_the_order_is_saved(users, login, monkeypatch):
    """Saving an order whose lines add up past the cap is refused with a message, and the form comes
    back as typed (the cap is lowered here: 200 lines of Rp 1 000 000 000 stay under the real one)."""
    from catalog.models import InstrumentType

    monkeypatch.setattr("orders.money.MAX_ORDER_TOTAL", 1000)
    balance = InstrumentType.objects.get(name="Neraca analitik")
    post = {"line-TOTAL_FORMS": "1", "line-INITIAL_FORMS": "0", "line-MIN_NUM_FORMS": "1",
            "line-MAX_NUM_FORMS": "200", "line-0-instrument_type": str(balance.pk), "line-0-brand": "Ohaus",
            "line-0-serial_numbers": "S1, S2", "line-0-capacity": "220 g", "line-0-units": "1",
            "notes": "Dua neraca."}
    response = login(users["pelanggan"]).post("/orders/new/", post)
    assert response.status_code == 200
    page = response.content.decode()
    assert "melebihi batas" in page
    assert shown_value(page, "line-0-serial_numbers") == "S1, S2" and shown_value(page, "notes") == "Dua neraca."
    assert not Instrument.objects.filter(serial_number__in=["S1", "S2"]).exists()


@pytest.mark.django_db
def test_the_order_total_is_capped_at_step_6(order_at, users, login):
    """Lines stored before the bounds existed (here two of Rp 600 000 000 000) cannot be approved: the
    page says so beside each line and nothing moves."""
    order = order_at("VALIDATED")
    Instrument.objects.filter(order=order).update(amount=600_000_000_000)
    order.refresh_from_db()
    url = f"/orders/{order.pk}/tariff/"
    response = login(users["ketua_pji"]).post(url, tariff_post(order))
    assert response.status_code == 200
    first = order.instruments.order_by("position").first()
    assert "paling banyak Rp 1.000.000.000" in error_beside(response.content.decode(), f"amount_{first.pk}", url)
    order.refresh_from_db()
    assert order.state == O.VALIDATED

    # The service refuses it too, whatever road calls it (the API approves without corrections).
    from django.core.exceptions import ValidationError

    from orders import services

    with pytest.raises(ValidationError, match="melebihi batas"):
        services.approve_tariff(users["ketua_pji"], order.pk)


@pytest.mark.django_db
def test_the_form_refuses_a_total_past_the_cap_even_with_every_line_in_bounds(order_at, users, login, monkeypatch):
    monkeypatch.setattr("orders.money.MAX_ORDER_TOTAL", 1_500_000)
    order = order_at("VALIDATED")
    lines = list(order.instruments.order_by("position"))
    url = f"/orders/{order.pk}/tariff/"
    post = tariff_post(order, **{f"amount_{lines[0].pk}": "1000000", f"reason_{lines[0].pk}": "Koreksi.",
                                 f"amount_{lines[1].pk}": "1000000", f"reason_{lines[1].pk}": "Koreksi."})
    response = login(users["ketua_pji"]).post(url, post)
    assert response.status_code == 200
    assert "melebihi batas" in form_errors(response.content.decode(), url)
    assert shown_value(response.content.decode(), f"amount_{lines[1].pk}", url) == "1000000"


@pytest.mark.django_db
def test_the_order_total_is_capped_at_billing(order_at, users, login):
    order = order_at("BILLING_REQUESTED")
    Instrument.objects.filter(order=order).update(corrected_amount=MAX_ORDER_TOTAL // 2 + 1)
    response = login(users["bendahara"]).post(f"/billing/order/{order.pk}/issue/", follow=True)
    assert response.status_code == 200
    assert "paling banyak Rp 1.000.000.000" in response.content.decode()
    order.refresh_from_db()
    assert order.state == O.BILLING_REQUESTED and not Billing.objects.filter(order=order).exists()


@pytest.mark.django_db
def test_a_total_past_the_cap_is_refused_at_billing_even_when_every_line_is_in_bounds(order_at, users, monkeypatch):
    from django.core.exceptions import ValidationError

    from billing.services import issue_billing

    order = order_at("BILLING_REQUESTED")
    monkeypatch.setattr("orders.money.MAX_ORDER_TOTAL", order.total_amount - 1)
    with pytest.raises(ValidationError, match="melebihi batas"):
        issue_billing(users["bendahara"], order.pk)
    assert not Billing.objects.filter(order=order).exists()
