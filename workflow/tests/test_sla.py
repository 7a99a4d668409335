"""SLA clocks on office time: Monday-Friday 07:30-16:00 WIB, national holidays off, the admin's exceptions."""
from datetime import date, datetime, time, timedelta, timezone

import pytest

from workflow.models import CalendarException
from workflow.sla import clock_for, due_at
from workflow.table import rows_for
from workflow.worktime import WIB, OfficeCalendar, office_calendar

CAL = OfficeCalendar()
VALIDATE = rows_for("order.validate")[0]  # step 5, 10 minutes
CALIBRATE = rows_for("instrument.submit_results")[0]  # step 14, 14 working days


def wib(*args):
    return datetime(*args, tzinfo=WIB)


def test_a_ten_minute_step_entered_late_friday_is_due_tuesday_after_pancasila_day():
    assert not CAL.is_working_day(date(2026, 6, 1))  # Pancasila Day, a Monday
    assert due_at(CAL, VALIDATE, wib(2026, 5, 29, 15, 55)) == wib(2026, 6, 2, 7, 35)


def test_a_step_entered_outside_office_hours_starts_at_the_next_opening():
    assert CAL.add_office_minutes(wib(2026, 6, 3, 18, 40), 10) == wib(2026, 6, 4, 7, 40)  # Wednesday evening
    assert CAL.add_office_minutes(wib(2026, 6, 4, 6, 0), 10) == wib(2026, 6, 4, 7, 40)  # before opening
    assert CAL.add_office_minutes(wib(2026, 6, 6, 10, 0), 30) == wib(2026, 6, 8, 8, 0)  # Saturday


def test_an_utc_moment_is_read_in_wib():
    utc = wib(2026, 6, 3, 1, 0).astimezone(timezone.utc)  # 01:00 WIB is 18:00 UTC the day before
    assert CAL.add_office_minutes(utc, 5) == wib(2026, 6, 3, 7, 35)


def test_fourteen_working_days_skip_weekends_and_holidays():
    # From Friday 29 May: Pancasila Day (1 June) and Islamic New Year (16 June) are off.
    assert due_at(CAL, CALIBRATE, wib(2026, 5, 29, 10, 0)) == wib(2026, 6, 22, 10, 0)
    # Entered on Saturday: counted from Tuesday's opening (Monday is a holiday).
    assert CAL.add_working_days(wib(2026, 5, 30, 11, 0), 1) == wib(2026, 6, 3, 7, 30)


def test_office_minutes_between_counts_only_office_time():
    assert CAL.office_minutes_between(wib(2026, 5, 29, 15, 55), wib(2026, 6, 2, 7, 35)) == 10
    assert CAL.office_minutes_between(wib(2026, 6, 3, 8, 0), wib(2026, 6, 3, 9, 30)) == 90
    assert CAL.office_minutes_between(wib(2026, 6, 3, 16, 30), wib(2026, 6, 4, 7, 0)) == 0
    assert CAL.office_minutes_between(wib(2026, 6, 4, 9, 0), wib(2026, 6, 3, 9, 0)) == 0
    assert CAL.office_minutes_between(wib(2026, 6, 5, 7, 30), wib(2026, 6, 8, 16, 0)) == 2 * 510
    assert CAL.working_days_between(wib(2026, 6, 2, 7, 30), wib(2026, 6, 4, 7, 30)) == 2


@pytest.mark.django_db
def test_a_working_saturday_and_an_extra_day_off_are_honoured():
    CalendarException.objects.create(date=date(2026, 6, 6), is_working_day=True, description="Sabtu kerja")
    CalendarException.objects.create(date=date(2026, 6, 8), is_working_day=False, description="Cuti bersama kantor")
    cal = office_calendar()
    assert cal.is_working_day(date(2026, 6, 6)) and not cal.is_working_day(date(2026, 6, 8))
    # Friday 15:55 + 10 minutes: 5 on Friday, 5 on the working Saturday.
    assert cal.add_office_minutes(wib(2026, 6, 5, 15, 55), 10) == wib(2026, 6, 6, 7, 35)
    # Saturday 15:55 + 10 minutes: Monday is off, so Tuesday.
    assert cal.add_office_minutes(wib(2026, 6, 6, 15, 55), 10) == wib(2026, 6, 9, 7, 35)
    assert cal.office_minutes_between(wib(2026, 6, 6, 7, 30), wib(2026, 6, 6, 8, 30)) == 60


@pytest.mark.django_db
def test_office_calendar_reads_the_units_configured_hours():
    from units.current import default_unit

    unit = default_unit()
    unit.office_start, unit.office_end = time(8, 0), time(15, 0)
    unit.save()
    cal = office_calendar()
    assert cal.minutes_per_day == 420
    assert cal.add_office_minutes(wib(2026, 6, 3, 14, 55), 10) == wib(2026, 6, 4, 8, 5)


def test_the_clock_of_an_item_says_when_it_is_overdue():
    entered = wib(2026, 5, 29, 15, 55)
    clock = clock_for(CAL, "order", "SUBMITTED", entered, now=wib(2026, 6, 2, 7, 36))
    assert clock.row == VALIDATE and clock.due_at == wib(2026, 6, 2, 7, 35) and clock.overdue
    early = clock_for(CAL, "order", "SUBMITTED", entered, now=wib(2026, 6, 2, 7, 30))
    assert not early.overdue and early.seconds_left == timedelta(minutes=5).total_seconds()
    assert clock_for(CAL, "order", "CANCELLED", entered) is None
    payment = clock_for(CAL, "order", "AWAITING_PAYMENT", entered, now=entered)
    assert payment.due_at is None and payment.customer_step and not payment.overdue


def test_office_hours_must_end_after_they_start():
    from datetime import time

    with pytest.raises(ValueError):
        OfficeCalendar(start=time(16, 0), end=time(7, 30))
