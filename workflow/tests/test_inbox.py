"""Inboxes: each role sees exactly the items waiting for it, in its scope, oldest first."""
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User, UserRole
from accounts.roles import Role
from orders.models import Instrument, Order
from workflow.inbox import inbox


def items(user, role):
    return [item.obj for item in inbox(User.objects.get(pk=user.pk), role)]


@pytest.mark.django_db
def test_cs_sees_a_submitted_order_but_not_a_validated_one(order_at, users, login):
    submitted, validated = order_at("SUBMITTED"), order_at("VALIDATED")
    assert items(users["cs"], Role.CS) == [submitted]
    page = login(users["cs"]).get("/workflow/inbox/CS/").content.decode()
    assert f"/orders/{submitted.pk}/" in page and f"/orders/{validated.pk}/" not in page
    assert items(users["ketua_pji"], Role.KETUA_PJI) == [validated]


@pytest.mark.django_db
def test_each_order_waits_only_for_the_role_of_its_next_step(order_at, users):
    orders = {m: order_at(m) for m in ("PRICED", "BILLING_REQUESTED", "AWAITING_PAYMENT", "PAYMENT_SUBMITTED",
                                       "PAID")}
    assert items(users["bendahara"], Role.BENDAHARA) == [orders["BILLING_REQUESTED"], orders["PAYMENT_SUBMITTED"]]
    assert items(users["pelanggan"], Role.PELANGGAN) == [orders["PRICED"], orders["AWAITING_PAYMENT"]]
    assert items(users["pelanggan2"], Role.PELANGGAN) == []
    assert items(users["cs"], Role.CS) == [orders["PAID"]]
    for role, name in ((Role.KETUA_PJI, "ketua_pji"), (Role.MT, "mt"), (Role.KEPALA_BALAI, "kepala_balai"),
                       (Role.ADMIN, "admin")):
        assert items(users[name], role) == []


@pytest.mark.django_db
def test_a_supervisor_sees_only_instruments_of_their_laboratory(order_at, users, login):
    order = order_at("IN_LAB")
    mass = set(order.instruments.filter(laboratory__code="mass-volume"))
    temp = set(order.instruments.filter(laboratory__code="temperature-pressure"))
    assert set(items(users["penyelia"], Role.PENYELIA)) == mass
    assert set(items(users["penyelia2"], Role.PENYELIA)) == temp
    page = login(users["penyelia2"]).get("/workflow/inbox/PENYELIA/").content.decode()
    assert all(i.sample_id not in page for i in mass) and all(i.sample_id in page for i in temp)


@pytest.mark.django_db
def test_mt_sees_assigned_instruments_of_every_laboratory(order_at, users):
    order = order_at("ASSIGNED")
    assert set(items(users["mt"], Role.MT)) == set(order.instruments.all())


@pytest.mark.django_db
def test_an_analyst_sees_only_instruments_with_parameters_assigned_to_them(order_at, users):
    order = order_at("IN_CALIBRATION")
    mass = list(order.instruments.filter(laboratory__code="mass-volume").order_by("position"))
    other = User.objects.create_user("analis3", email="analis3@demo.sippt.local", password="x",
                                     full_name="Analis Tiga", laboratory=users["analis"].laboratory)
    UserRole.objects.create(user=other, role=Role.ANALIS)
    mass[1].parameters.update(analyst=other)
    assert items(users["analis"], Role.ANALIS) == [mass[0]]
    assert items(other, Role.ANALIS) == [mass[1]]
    assert set(items(users["analis2"], Role.ANALIS)) == set(order.instruments.filter(laboratory__code="temperature-pressure"))


@pytest.mark.django_db
def test_the_inbox_lists_the_oldest_first(order_at, users, login):
    orders = [order_at("SUBMITTED") for _ in range(3)]
    now = timezone.now()
    for age, order in zip((5, 60, 30), orders):
        Order.objects.filter(pk=order.pk).update(state_entered_at=now - timedelta(minutes=age))
    assert items(users["cs"], Role.CS) == [orders[1], orders[2], orders[0]]
    page = login(users["cs"]).get("/workflow/inbox/CS/").content.decode()
    positions = [page.index(f"/orders/{o.pk}/") for o in (orders[1], orders[2], orders[0])]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_instruments_and_orders_mix_in_one_list_by_age(order_at, users):
    paid = order_at("PAID")
    in_lab = order_at("IN_LAB")
    Order.objects.filter(pk=paid.pk).update(state_entered_at=timezone.now() - timedelta(days=2))
    Instrument.objects.filter(order=in_lab).update(state_entered_at=timezone.now() - timedelta(days=3))
    got = items(users["cs"], Role.CS)
    assert got == [paid]  # received instruments wait for the supervisor, not CS


@pytest.mark.django_db
def test_a_person_cannot_open_the_inbox_of_a_role_they_do_not_hold(users, login):
    assert login(users["cs"]).get("/workflow/inbox/BENDAHARA/").status_code == 404
    assert login(users["cs"]).get("/workflow/inbox/NOBODY/").status_code == 404
    assert login(users["cs"]).get("/workflow/inbox/CS/").status_code == 200
