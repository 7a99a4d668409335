"""`generate_data --units N` spreads the orders over N units: the installation's unit, then units made for
the data set, each order's instruments in its own unit's laboratory and its steps taken by that unit's
staff; numbers do not collide across units and each unit's series continues in its own counters. With
the default of one unit every order stays in the installation's unit."""
import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F

from accounts.models import UserRole
from billing.models import Billing
from core.models import Counter
from core.numbering import next_number
from orders.models import Instrument, Order
from units.current import default_unit
from workflow.models import AuditEntry


def generate(**options):
    call_command("generate_data", orders=30, seed=11, stdout=open("/dev/null", "w"), **options)


@pytest.mark.django_db
def test_three_units_get_orders_made_by_their_own_staff_in_their_own_laboratories(users):
    generate(units=3)
    per_unit = {code: Order.objects.filter(unit__code=code).count()
                for code in Order.objects.values_list("unit__code", flat=True).distinct()}
    assert len(per_unit) == 3 and default_unit().code in per_unit
    assert all(count == 10 for count in per_unit.values())  # in turn: an even spread
    assert not Instrument.objects.exclude(laboratory__unit=F("order__unit")).exists()
    roles = {(r.user_id, r.unit_id) for r in UserRole.objects.exclude(unit=None)}
    staff_steps = AuditEntry.objects.filter(order__isnull=False, actor__company__isnull=True).exclude(actor=None)
    assert staff_steps.exists()
    assert all((e.actor_id, e.order.unit_id) in roles for e in staff_steps.select_related("order"))
    numbers = list(Order.objects.exclude(number=None).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) and any(n.startswith("U02/") for n in numbers)
    assert {b.satker_code for b in Billing.objects.select_related("order")} >= {"490002", "490003"}
    assert Counter.objects.filter(unit_code="gen-03", series="order").exists()
    with transaction.atomic():  # the installation's unit continues its own series without a clash
        assert not Order.objects.filter(number=next_number("order")).exists()


@pytest.mark.django_db
def test_one_unit_is_the_default_and_a_second_run_reuses_the_units_made(users):
    generate()
    assert set(Order.objects.values_list("unit", flat=True)) == {default_unit().pk}
    generate(units=2)
    generate(units=2)
    assert set(Order.objects.values_list("unit__code", flat=True)) == {default_unit().code, "gen-02"}


@pytest.mark.django_db
def test_each_units_items_run_on_their_own_units_clock(users):
    """Due times and the office minutes of each step are those of the order's unit's calendar (its time
    zone and office hours), as the engine writes them, not the installation's."""
    from workflow.clock import due_for
    from workflow.worktime import office_calendar

    generate(units=3)
    default, differs, waiting = office_calendar(), 0, 0
    for subject, items in (("order", Order.objects.all()), ("instrument", Instrument.objects.select_related("order"))):
        for item in items:
            unit_id = item.unit_id if subject == "order" else item.order.unit_id
            expected = due_for(office_calendar(unit_id), subject, item.state, item.state_entered_at)
            assert item.due_at == expected, (subject, item.state, unit_id)
            waiting += expected is not None
            differs += expected != due_for(default, subject, item.state, item.state_entered_at)
    assert waiting > 10 and differs > 0  # units in WITA and WIT: their clocks are not the installation's
    # each step's office minutes, from the instrument's previous step to this one, on its unit's calendar
    steps, measured = {}, 0
    for entry in AuditEntry.objects.filter(subject="instrument").select_related("order").order_by("at", "pk"):
        before = steps.get(entry.object_id)
        steps[entry.object_id] = entry
        if before is None or entry.office_minutes is None:
            continue
        calendar = office_calendar(entry.order.unit_id)
        assert entry.office_minutes == pytest.approx(calendar.office_minutes_between(before.at, entry.at), abs=1e-6)
        measured += 1
    assert measured > 10
