"""Steps 12-13 branches: the supervisor rejects an instrument; MT sends an assignment back."""
import pytest

from accounts.roles import Role, SYSTEM
from billing.models import RefundRequest
from core.tests.support import assert_audit, messages_of
from workflow.states import InstrumentState as I
from workflow.states import OrderState as O

from .test_reception import reception_post


@pytest.mark.django_db
def test_the_supervisor_rejecting_the_last_instrument_returns_the_order_with_refund_requests(
        order_at, users, login, core_demo_one_balance_one_thermometer):
    order = order_at("PAID", lines=core_demo_one_balance_one_thermometer)
    thermo = order.instruments.get(laboratory__code="temperature-pressure")
    balance = order.instruments.get(laboratory__code="mass-volume")
    login(users["cs"]).post(f"/lab/order/{order.pk}/receive/", reception_post(users, order, {thermo.pk}))
    order.refresh_from_db()
    assert order.state == O.IN_LAB

    response = login(users["penyelia"]).post(f"/lab/instrument/{balance.pk}/reject/",
                                             {"reason": "Pan neraca bengkok."})
    assert response.status_code == 302, messages_of(response)
    balance.refresh_from_db()
    order.refresh_from_db()
    assert balance.state == I.REJECTED and balance.rejection_reason == "Pan neraca bengkok."
    assert order.state == O.RETURNED
    assert_audit("instrument.reject_at_check", actor=users["penyelia"], role=Role.PENYELIA, step=None,
                 from_state=I.RECEIVED, to_state=I.REJECTED, instrument=balance)
    assert_audit("order.all_rejected", actor=None, role=SYSTEM, step=None, from_state=O.IN_LAB,
                 to_state=O.RETURNED, order=order)
    refunds = RefundRequest.objects.filter(order=order)
    assert {r.instrument_id for r in refunds} == {thermo.pk, balance.pk}
    assert sum(r.amount for r in refunds) == thermo.effective_amount + balance.effective_amount


@pytest.mark.django_db
def test_the_supervisor_rejecting_one_of_several_leaves_the_order_in_the_lab(order_at, users, login):
    order = order_at("IN_LAB")
    balance = order.instruments.filter(laboratory__code="mass-volume").first()
    login(users["penyelia"]).post(f"/lab/instrument/{balance.pk}/reject/", {"reason": "Rusak."})
    order.refresh_from_db()
    assert order.state == O.IN_LAB
    assert RefundRequest.objects.get(order=order).instrument == balance


@pytest.mark.django_db
def test_mt_sends_an_assignment_back_and_the_reason_is_kept(order_at, users, login):
    order = order_at("ASSIGNED")
    inst = order.instruments.filter(laboratory__code="mass-volume").first()
    reason = "Analis untuk eksentrisitas belum kompeten; pilih analis lain."
    response = login(users["mt"]).post(f"/lab/instrument/{inst.pk}/return/", {"reason": reason})
    assert response.status_code == 302, messages_of(response)
    inst.refresh_from_db()
    assert inst.state == I.RECEIVED and inst.return_note == reason
    assert_audit("instrument.return_assignment", actor=users["mt"], role=Role.MT, step=None,
                 from_state=I.ASSIGNED, to_state=I.RECEIVED, instrument=inst)
    supervisor = login(users["penyelia"])
    assert reason in supervisor.get(f"/lab/instrument/{inst.pk}/assign/").content.decode()
    assert inst.sample_id in supervisor.get("/workflow/inbox/PENYELIA/").content.decode()
    # The supervisor assigns again and MT validates.
    supervisor.post(f"/lab/instrument/{inst.pk}/assign/",
                    {f"analyst_{p.pk}": users["analis"].pk for p in inst.parameters.all()})
    login(users["mt"]).post(f"/lab/instrument/{inst.pk}/approve/")
    inst.refresh_from_db()
    assert inst.state == I.IN_CALIBRATION


@pytest.mark.django_db
def test_sending_an_assignment_back_needs_a_reason(order_at, users, login):
    order = order_at("ASSIGNED")
    inst = order.instruments.first()
    login(users["mt"]).post(f"/lab/instrument/{inst.pk}/return/", {"reason": ""})
    inst.refresh_from_db()
    assert inst.state == I.ASSIGNED


@pytest.mark.django_db
def test_the_supervisor_must_pick_an_analyst_of_the_laboratory_for_every_parameter(order_at, users, login):
    order = order_at("IN_LAB")
    inst = order.instruments.filter(laboratory__code="mass-volume").first()
    params = list(inst.parameters.all())
    c = login(users["penyelia"])
    c.post(f"/lab/instrument/{inst.pk}/assign/", {f"analyst_{params[0].pk}": users["analis"].pk})
    inst.refresh_from_db()
    assert inst.state == I.RECEIVED
    c.post(f"/lab/instrument/{inst.pk}/assign/", {f"analyst_{p.pk}": users["analis2"].pk for p in params})
    inst.refresh_from_db()
    assert inst.state == I.RECEIVED and not inst.parameters.filter(analyst__isnull=False).exists()
