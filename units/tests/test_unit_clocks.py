"""Each unit's SLA clock runs on its own time zone and office hours, on the national holidays and the
calendar exceptions for every unit or for that unit alone."""
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.models import User, UserRole
from accounts.roles import Role
from orders.models import Order
from units.current import default_unit
from units.models import Unit
from workflow.clock import recompute_all
from workflow.inbox import inbox
from workflow.models import CalendarException
from workflow.templatetags.sop import clock_parts
from workflow.worktime import office_calendar

WIT, WIB = ZoneInfo("Asia/Jayapura"), ZoneInfo("Asia/Jakarta")
WEDNESDAY, THURSDAY = date(2026, 6, 10), date(2026, 6, 11)


@pytest.fixture
def papua(db):
    return Unit.objects.create(code="bspji-jayapura", name="Balai Standardisasi Jayapura", short_name="BSPJI Jayapura",
                               time_zone="Asia/Jayapura", office_start=time(7, 30), office_end=time(16, 0),
                               office_weekdays=[0, 1, 2, 3, 4])


def at(moment, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def paid_at(users, order_at, unit, moment, monkeypatch):
    """An order of `unit` made that morning, whose payment the treasurer accepts at `moment`: it enters
    the CS's inbox (step 11, 30 office minutes)."""
    from demo.steps import accept_payment

    at(moment.replace(hour=1), monkeypatch)
    order = order_at("PAYMENT_SUBMITTED")
    Order.objects.filter(pk=order.pk).update(unit=unit)
    at(moment, monkeypatch)
    accept_payment(users, order)
    order.refresh_from_db()
    return order


@pytest.mark.django_db
def test_an_order_entering_a_wit_inbox_at_1530_wit_runs_on_wit_office_time_and_a_wib_one_on_its_own(
        order_at, users, papua, monkeypatch):
    home = default_unit()
    assert home.time_zone == "Asia/Jakarta"
    for user, role in ((users["cs"], Role.CS), (users["bendahara"], Role.BENDAHARA)):
        UserRole.objects.create(user=user, role=role, unit=papua)  # the same people serve both units here
    entered = datetime(2026, 6, 10, 15, 30, tzinfo=WIT)  # Wednesday 15:30 WIT = 13:30 WIB
    assert office_calendar(papua).is_working_day(WEDNESDAY) and office_calendar(papua).is_working_day(THURSDAY)
    in_papua = paid_at(users, order_at, papua, entered, monkeypatch)
    in_java = paid_at(users, order_at, home, entered, monkeypatch)
    assert in_papua.state == in_java.state == "PAID"
    # Step 11 takes 30 office minutes: the Papuan office closes at 16:00 WIT, just in time; the Javanese
    # office, at 13:30 its time, has until 14:00 WIB (the same instant, on its own clock).
    assert in_papua.due_at == datetime(2026, 6, 10, 16, 0, tzinfo=WIT)
    assert in_java.due_at == datetime(2026, 6, 10, 14, 0, tzinfo=WIB)

    def clocks(now):
        at(now, monkeypatch)
        rows = {item.obj.pk: item.clock for item in inbox(User.objects.get(pk=users["cs"].pk), Role.CS)}
        return rows[in_papua.pk], rows[in_java.pk]

    papua_clock, java_clock = clocks(entered)
    assert papua_clock.office_minutes_left == java_clock.office_minutes_left == 30
    assert clock_parts(papua_clock)[0] == "sisa 30 menit kerja"
    # The next morning at 08:00 WIT (06:00 WIB): Papua has been open half an hour past the due time;
    # Java's office closed two hours after its due time and has not opened yet.
    papua_clock, java_clock = clocks(datetime(2026, 6, 11, 8, 0, tzinfo=WIT))
    assert papua_clock.office_minutes_left == -30 and java_clock.office_minutes_left == -120
    assert papua_clock.calendar.tz == WIT and java_clock.calendar.tz == WIB
    assert clock_parts(papua_clock)[0] == "terlambat 30 menit kerja"
    assert clock_parts(java_clock)[0] == "terlambat 2 jam kerja"


@pytest.mark.django_db
def test_a_calendar_exception_naming_one_unit_moves_only_that_units_due_times(order_at, users, papua, monkeypatch):
    home = default_unit()
    UserRole.objects.create(user=users["bendahara"], role=Role.BENDAHARA, unit=papua)
    entered = datetime(2026, 6, 10, 15, 45, tzinfo=WIT)  # 15 minutes today, 15 on the next working day
    in_papua = paid_at(users, order_at, papua, entered, monkeypatch)
    java_entered = datetime(2026, 6, 10, 15, 45, tzinfo=WIB)
    in_java = paid_at(users, order_at, home, java_entered, monkeypatch)
    assert in_papua.due_at == datetime(2026, 6, 11, 7, 45, tzinfo=WIT)
    assert in_java.due_at == datetime(2026, 6, 11, 7, 45, tzinfo=WIB)

    # A local holiday in Java on Thursday: Java's deadline moves to Friday; Papua's stays.
    CalendarException.objects.create(date=THURSDAY, is_working_day=False, description="Libur daerah", unit=home)
    recompute_all()
    in_papua.refresh_from_db()
    in_java.refresh_from_db()
    assert in_java.due_at == datetime(2026, 6, 12, 7, 45, tzinfo=WIB)
    assert in_papua.due_at == datetime(2026, 6, 11, 7, 45, tzinfo=WIT)
    assert office_calendar(papua).is_working_day(THURSDAY) and not office_calendar(home).is_working_day(THURSDAY)

    # Collective leave for every unit on Thursday moves both.
    CalendarException.objects.create(date=THURSDAY, is_working_day=False, description="Cuti bersama")
    recompute_all()
    in_papua.refresh_from_db()
    assert in_papua.due_at == datetime(2026, 6, 12, 7, 45, tzinfo=WIT)


@pytest.mark.django_db
def test_a_units_office_hours_are_its_clock_and_changing_them_bumps_the_calendar(papua):
    from workflow.models import CalendarVersion

    before = CalendarVersion.current()
    papua.office_start, papua.office_end = time(8, 0), time(15, 0)
    papua.save()
    assert CalendarVersion.current() == before + 1  # the other processes rebuild their calendars
    calendar = office_calendar(papua.pk)
    assert calendar.minutes_per_day == 420 and calendar.tz == WIT
    assert calendar.add_office_minutes(datetime(2026, 6, 10, 14, 55, tzinfo=WIT), 10) == \
        datetime(2026, 6, 11, 8, 5, tzinfo=WIT)
    papua.name = "Balai Jayapura"
    papua.save()
    assert CalendarVersion.current() == before + 1  # a new name is no calendar change


@pytest.mark.django_db
def test_a_page_of_orders_of_two_units_gives_each_the_expected_date_of_its_own_clock(order_at, papua, monkeypatch):
    """The order list lays the road after the current step once per moment and calendar: orders of two
    units overdue at the same moment still get their own units' dates."""
    from orders.completion import expected_completion, expected_completions

    long_ago = datetime(2026, 6, 1, 9, 0, tzinfo=WIB)
    now = datetime(2026, 6, 10, 15, 0, tzinfo=WIB)  # 17:00 WIT: Jayapura's office day is over, ours is not
    ours, theirs = order_at("VALIDATED"), order_at("VALIDATED")
    Order.objects.filter(pk__in=[ours.pk, theirs.pk]).update(state_entered_at=long_ago)
    Order.objects.filter(pk=theirs.pk).update(unit=papua)
    page = list(Order.objects.filter(pk__in=[ours.pk, theirs.pk]))
    dates = expected_completions(page, now=now)
    alone = {o.pk: expected_completion(o, office_calendar(o.unit_id), now, instruments=[]) for o in page}
    assert dates == alone
    assert dates[ours.pk] != dates[theirs.pk]
