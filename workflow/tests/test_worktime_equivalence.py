"""The office calendar's table of days (cumulative working days, looked up instead of walked) gives
exactly the answers of the day-by-day walk it replaced, kept here as the reference: random moments
over several years, with Indonesian holidays, weekends, the admin's exceptions, moments on the
opening and closing minute and outside office hours, in both directions (a deadline from a start and
a norm; office time between two moments)."""
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow.worktime import WIB, OfficeCalendar


class DayByDayCalendar(OfficeCalendar):
    """The previous implementation: walks the days one by one."""

    def next_working_day(self, day):
        day += timedelta(days=1)
        for _ in range(3660):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError("no working day within ten years")

    def _first_office_moment(self, moment):
        local = moment.astimezone(self.tz)
        day = local.date()
        if self.is_working_day(day):
            if local < self._open(day):
                return self._open(day)
            if local < self._close(day):
                return local
        return self._open(self.next_working_day(day))

    def add_office_minutes(self, moment, minutes):
        cursor = self._first_office_moment(moment)
        remaining = timedelta(minutes=minutes)
        while True:
            available = self._close(cursor.date()) - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
            cursor = self._open(self.next_working_day(cursor.date()))

    def add_working_days(self, moment, days):
        cursor = self._first_office_moment(moment)
        day = cursor.date()
        for _ in range(days):
            day = self.next_working_day(day)
        return datetime.combine(day, cursor.timetz().replace(tzinfo=None), self.tz)

    def office_minutes_between(self, a, b):
        if b <= a:
            return 0.0
        a, b = a.astimezone(self.tz), b.astimezone(self.tz)
        total = timedelta()
        day = a.date()
        while day <= b.date():
            if self.is_working_day(day):
                lo, hi = max(a, self._open(day)), min(b, self._close(day))
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total.total_seconds() / 60


FIRST, LAST = date(2023, 1, 1), date(2028, 12, 31)
SPECIAL_TIMES = [time(0, 0), time(7, 29, 59), time(7, 30), time(7, 30, 0, 1), time(12, 0), time(15, 59, 59, 999999),
                 time(16, 0), time(16, 0, 1), time(23, 59, 59, 999999)]
EXCEPTIONS = st.lists(st.tuples(st.dates(FIRST, LAST), st.booleans()), max_size=12)


@st.composite
def moments(draw):
    day = draw(st.dates(FIRST, LAST))
    at = draw(st.one_of(st.sampled_from(SPECIAL_TIMES), st.times()))
    moment = datetime.combine(day, at, WIB)
    return moment.astimezone(UTC) if draw(st.booleans()) else moment  # stored in UTC, or local


@st.composite
def calendars(draw):
    exceptions = draw(EXCEPTIONS)
    hours = draw(st.sampled_from([(time(7, 30), time(16, 0)), (time(8, 0), time(15, 0)), (time(0, 0), time(23, 59))]))
    weekdays = draw(st.sampled_from([(0, 1, 2, 3, 4), (0, 1, 2, 3, 4, 5), (1, 3)]))
    kwargs = {"start": hours[0], "end": hours[1], "weekdays": weekdays,
                  "extra_days_off": [d for d, working in exceptions if not working],
                  "extra_working_days": [d for d, working in exceptions if working]}
    return OfficeCalendar(**kwargs), DayByDayCalendar(**kwargs)


def same(new, old):
    assert new == old and new.utcoffset() == old.utcoffset(), (new, old)


CHECKS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@CHECKS
@given(calendars(), moments(), moments())
def test_office_minutes_between_equals_the_day_walk(pair, a, b):
    new, old = pair
    assert new.office_minutes_between(a, b) == old.office_minutes_between(a, b)
    assert new.office_minutes_between(b, a) == old.office_minutes_between(b, a)
    assert new.working_days_between(a, b) == old.working_days_between(a, b)


@CHECKS
@given(calendars(), moments(), st.one_of(st.integers(0, 1200), st.integers(0, 510 * 600), st.sampled_from([10, 510, 511])))
def test_a_deadline_in_office_minutes_equals_the_day_walk(pair, start, minutes):
    new, old = pair
    due = new.add_office_minutes(start, minutes)
    same(due, old.add_office_minutes(start, minutes))
    # And back: the office time from the start to its deadline is the norm (when the start is in office hours).
    if minutes and new._first_office_moment(start) == start:
        assert new.office_minutes_between(start, due) == old.office_minutes_between(start, due) == minutes


@CHECKS
@given(calendars(), moments(), st.integers(0, 400))
def test_a_deadline_in_working_days_equals_the_day_walk(pair, start, days):
    new, old = pair
    same(new.add_working_days(start, days), old.add_working_days(start, days))


@CHECKS
@given(calendars(), st.dates(FIRST, LAST))
def test_next_working_day_equals_the_day_walk(pair, day):
    new, old = pair
    assert new.next_working_day(day) == old.next_working_day(day)


def test_one_calendar_answers_far_apart_questions_in_any_order():
    """The table widens backwards and forwards on demand and keeps giving the walk's answers."""
    new, old = OfficeCalendar(), DayByDayCalendar()
    for a, b in [((2026, 6, 3), (2026, 6, 4)), ((2019, 1, 2), (2019, 3, 1)), ((2031, 5, 5), (2033, 1, 1)),
                 ((2018, 12, 31), (2032, 2, 2))]:
        a, b = datetime(*a, 9, tzinfo=WIB), datetime(*b, 10, tzinfo=WIB)
        assert new.office_minutes_between(a, b) == old.office_minutes_between(a, b)
        same(new.add_office_minutes(a, 510 * 300 + 7), old.add_office_minutes(a, 510 * 300 + 7))
        same(new.add_working_days(b, 250), old.add_working_days(b, 250))


def test_a_calendar_without_working_days_is_refused_as_before():
    import pytest

    with pytest.raises(ValueError):
        OfficeCalendar(weekdays=()).add_office_minutes(datetime(2026, 6, 3, 9, tzinfo=WIB), 10)
    with pytest.raises(ValueError):
        OfficeCalendar(weekdays=(), extra_working_days=[date(2026, 6, 5)]).add_working_days(
            datetime(2026, 6, 3, 9, tzinfo=WIB), 2)
