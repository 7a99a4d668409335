"""Step 11 and its branch: CS receives instruments; one refused at the counter goes back with a refund request."""
import pytest

from accounts.roles import Role, SYSTEM
from billing.models import RefundRequest
from core.tests.support import assert_audit, messages_of
from workflow.states import InstrumentState as I
from workflow.states import OrderState as O


def reception_post(users, order, refuse=(), reason="Layar retak, tidak dapat dikalibrasi."):
    post = {"delivered_by": "Kurir"}
    for inst in order.instruments.all():
        sup = users["penyelia"] if inst.laboratory.code == "mass-volume" else users["penyelia2"]
        p = f"i{inst.pk}-"
        if inst.pk in refuse:
            post.update({p + "accepted": "0", p + "condition": "Rusak", p + "reason": reason})
        else:
            post.update({p + "accepted": "1", p + "condition": "Baik", p + "accessories": "",
                         p + "laboratory": inst.laboratory_id, p + "supervisor": sup.pk})
    return post


@pytest.mark.django_db
def test_cs_rejects_one_instrument_and_the_rest_goes_on_with_a_refund_request(order_at, users, login):
    order = order_at("PAID")
    thermo = order.instruments.get(laboratory__code="temperature-pressure")
    response = login(users["cs"]).post(f"/lab/order/{order.pk}/receive/", reception_post(users, order, {thermo.pk}))
    assert response.status_code == 302, messages_of(response)
    order.refresh_from_db()
    thermo.refresh_from_db()
    assert order.state == O.IN_LAB
    assert thermo.state == I.REJECTED and thermo.sample_id is None and "Layar retak" in thermo.rejection_reason
    assert_audit("instrument.reject_at_reception", actor=users["cs"], role=Role.CS, step=None,
                 from_state=I.AWAITING_RECEPTION, to_state=I.REJECTED, instrument=thermo)
    others = order.instruments.exclude(pk=thermo.pk)
    assert {i.state for i in others} == {I.RECEIVED} and all(i.sample_id for i in others)
    refund = RefundRequest.objects.get(order=order)
    assert refund.instrument == thermo and refund.amount == thermo.effective_amount
    page = login(users["pelanggan"]).get(f"/orders/{order.pk}/").content.decode()
    assert "Layar retak" in page


@pytest.mark.django_db
def test_a_refused_instrument_needs_a_reason(order_at, users, login):
    order = order_at("PAID")
    thermo = order.instruments.get(laboratory__code="temperature-pressure")
    response = login(users["cs"]).post(f"/lab/order/{order.pk}/receive/",
                                       reception_post(users, order, {thermo.pk}, reason=""))
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.state == O.PAID and not hasattr(order, "reception")


@pytest.mark.django_db
def test_a_supervisor_of_another_laboratory_is_refused_at_reception(order_at, users, login):
    order = order_at("PAID")
    post = reception_post(users, order)
    balance = order.instruments.filter(laboratory__code="mass-volume").first()
    post[f"i{balance.pk}-supervisor"] = users["penyelia2"].pk
    response = login(users["cs"]).post(f"/lab/order/{order.pk}/receive/", post)
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.state == O.PAID


@pytest.mark.django_db
def test_rejecting_every_instrument_at_reception_returns_the_order(order_at, users, login):
    order = order_at("PAID")
    everything = set(order.instruments.values_list("pk", flat=True))
    login(users["cs"]).post(f"/lab/order/{order.pk}/receive/", reception_post(users, order, everything))
    order.refresh_from_db()
    assert order.state == O.RETURNED
    assert RefundRequest.objects.filter(order=order).count() == len(everything)
    assert_audit("order.all_rejected", actor=None, role=SYSTEM, step=None, from_state=O.IN_LAB,
                 to_state=O.RETURNED, order=order)


@pytest.mark.django_db
def test_only_cs_opens_the_reception_form(order_at, users, login):
    order = order_at("PAID")
    for name in ("pelanggan", "bendahara", "mt", "ketua_pji"):
        response = login(users[name]).get(f"/lab/order/{order.pk}/receive/")
        assert response.status_code in (302, 404)
    order.refresh_from_db()
    assert order.state == O.PAID
