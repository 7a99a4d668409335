"""A staff role is held in a unit: its holder reads, counts in the inbox and acts on the orders of that
unit only (orders.access, workflow.inbox), with the units loaded in the one query that loads the roles."""
from types import SimpleNamespace

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from accounts.models import User, UserRole
from accounts.roles import Role
from orders.access import get_order_for_user, order_in_scope, visible_instruments, visible_orders
from orders.models import Order
from units.models import Unit
from workflow.engine import TransitionNotAllowed, authorize
from workflow.inbox import inbox, inbox_counts


def _staff(username, role, unit):
    user = User.objects.create_user(username=username, email=f"{username}@example.com", password="x",
                                    full_name=username)
    UserRole.objects.create(user=user, role=role, unit=unit)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def other_unit(db):
    return Unit.objects.create(code="bspji-manado", name="Balai Manado", short_name="BSPJI Manado",
                               time_zone="Asia/Makassar", office_start="08:00", office_end="16:00")


def test_roles_and_their_units_come_in_one_query(users, other_unit):
    user = User.objects.get(pk=users["cs"].pk)
    UserRole.objects.create(user=user, role=Role.MT, unit=other_unit)
    home = users["cs"].roles.get(role=Role.CS).unit_id
    with CaptureQueriesContext(connection) as queries:
        assert user.role_codes == {Role.CS, Role.MT}
        assert user.role_units[Role.MT] == {other_unit.pk}
        assert user.units_of(Role.CS, Role.MT) == {home, other_unit.pk}
    assert len(queries) == 1


def test_a_units_cs_reads_counts_and_acts_on_its_units_orders_only(users, order_at, other_unit):
    order = order_at("SUBMITTED")  # waits for CS's validation
    theirs = _staff("cs_manado", Role.CS, other_unit)
    ours = User.objects.get(pk=users["cs"].pk)
    assert inbox_counts(ours)[Role.CS] >= 1 and inbox_counts(theirs) == {Role.CS: 0}
    assert not visible_orders(theirs).filter(pk=order.pk).exists()
    assert not visible_instruments(theirs).filter(order=order).exists()
    assert not order_in_scope(theirs, Role.CS, order)
    with pytest.raises(TransitionNotAllowed):
        authorize(order, "order.validate", theirs)

    Order.objects.filter(pk=order.pk).update(unit=other_unit)  # the same order, now the other unit's
    order.refresh_from_db()
    theirs, ours = User.objects.get(pk=theirs.pk), User.objects.get(pk=ours.pk)
    assert inbox_counts(theirs) == {Role.CS: 1}
    assert [item.obj.pk for item in inbox(theirs, Role.CS)] == [order.pk]
    assert order.pk not in [item.obj.pk for item in inbox(ours, Role.CS) if item.subject == "order"]
    assert authorize(order, "order.validate", theirs).code == "order.validate"
    with pytest.raises(TransitionNotAllowed):
        authorize(order, "order.validate", ours)
    with pytest.raises(Http404):
        get_order_for_user(SimpleNamespace(user=ours), order.pk)


def test_a_role_held_in_two_units_sees_both(users, order_at, other_unit):
    first, second = order_at(), order_at(customer="pelanggan2")
    Order.objects.filter(pk=second.pk).update(unit=other_unit)
    both = User.objects.get(pk=users["ketua_pji"].pk)
    UserRole.objects.create(user=both, role=Role.KETUA_PJI, unit=other_unit)
    both = User.objects.get(pk=both.pk)
    assert set(visible_orders(both).filter(pk__in=[first.pk, second.pk]).values_list("pk", flat=True)) == {
        first.pk, second.pk}


@pytest.mark.django_db
def test_a_filter_to_every_unit_is_left_out_and_a_new_unit_brings_it_back():
    """In an installation of one unit (or for whoever holds the role in every unit) the unit filter would
    keep everything: it is left out (no join to the order). A unit made since puts it back at once."""
    from datetime import time

    from django.db.models import Q

    from units.current import default_unit
    from workflow.registry import unit_q

    home = default_unit()
    assert unit_q("instrument", [home.pk]) == Q()
    other = Unit.objects.create(code="bspji-lain", name="Balai Lain", short_name="Lain",
                                office_start=time(8), office_end=time(16))
    assert unit_q("instrument", [home.pk]) == Q(order__unit__in=[home.pk])
    assert unit_q("instrument", [home.pk, other.pk]) == Q()
