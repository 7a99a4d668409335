"""Office time: the clock the SOP's time norms run on.

Minute norms count office hours (default Monday-Friday 07:30-16:00 WIB); day norms count working
days. National holidays and collective leave come from the `holidays` package (country ID,
categories public and government); the admin's table of extra days off and extra working days
overrides it. The calendar itself is plain Python so it can be tested with fixed dates.

A calendar keeps, for a range of days it widens on demand, the number of working days before each
day and the list of working days: office minutes between two moments are then a subtraction, and a
deadline N office minutes or working days later an index into that list, whatever the distance.
`office_calendar()` keeps one calendar per process and rebuilds it only when the version number in
the database changes (every change to the admin's exceptions bumps it); it reads that number at most
once per request, or once every few seconds outside a request.
"""
from __future__ import annotations

import threading
import time as clock
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays

WIB = ZoneInfo("Asia/Jakarta")
_US = timedelta(microseconds=1)
_MAX_GAP = 3660  # days without a working day after which the calendar is refused as nonsense


@lru_cache(maxsize=64)
def national_days_off(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year, categories=("public", "government")))


class _Days(NamedTuple):
    """Day ordinals lo..hi-1: before[i] working days in lo..lo+i-1, and the working days' ordinals."""
    lo: int
    hi: int
    before: list[int]
    working: list[int]


class OfficeCalendar:
    def __init__(self, start: time = time(7, 30), end: time = time(16, 0), weekdays=(0, 1, 2, 3, 4),
                 extra_days_off=(), extra_working_days=(), tz=WIB):
        if end <= start:
            raise ValueError("office hours must end after they start")
        self.start, self.end, self.tz = start, end, tz
        self.weekdays = frozenset(weekdays)
        self.extra_days_off = frozenset(extra_days_off)
        self.extra_working_days = frozenset(extra_working_days)
        self._day_us = self.minutes_per_day * 60_000_000
        self._days: _Days | None = None
        self._lock = threading.Lock()

    @property
    def minutes_per_day(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off or day.weekday() not in self.weekdays:
            return False
        return day not in national_days_off(day.year)

    def _open(self, day: date) -> datetime:
        return datetime.combine(day, self.start, self.tz)

    def _close(self, day: date) -> datetime:
        return datetime.combine(day, self.end, self.tz)

    # The table of days -------------------------------------------------------------------------

    def _covering(self, first: int, last: int) -> _Days:
        """The table, widened if needed so that it covers day ordinals first..last."""
        days = self._days
        if days is not None and days.lo <= first and last < days.hi:
            return days
        with self._lock:
            days = self._days
            if days is None:
                lo, hi = first - 31, last + 93
            else:
                if days.lo <= first and last < days.hi:
                    return days
                span = days.hi - days.lo  # widen at least by the span: few rebuilds however far we go
                lo = min(first - 31, days.lo - span) if first < days.lo else days.lo
                hi = max(last + 93, days.hi + span) if last >= days.hi else days.hi
            before, working = [0], []
            for ordinal in range(lo, hi):
                if self.is_working_day(date.fromordinal(ordinal)):
                    working.append(ordinal)
                before.append(len(working))
            self._days = days = _Days(lo, hi, before, working)
            return days

    def _working_day(self, index: int, after: int) -> int:
        """The ordinal of the working day number `index` of the table (widening it as needed); `after`
        is the ordinal it is counted from, for refusing a calendar without working days."""
        days = self._days
        while index >= len(days.working):
            if days.hi - max(after, days.working[-1] if days.working else after) > _MAX_GAP:
                raise ValueError("no working day within ten years")
            days = self._covering(days.lo, days.hi)
        return days.working[index]

    def _position(self, local: datetime) -> tuple[_Days, int, int]:
        """(table, working days before the moment's day, office microseconds of that day before it)."""
        ordinal = local.toordinal()
        days = self._covering(ordinal, ordinal)
        i = ordinal - days.lo
        before = days.before[i]
        if days.before[i + 1] == before:  # not a working day
            return days, before, 0
        into = (local - self._open(local.date())) // _US
        return days, before, 0 if into < 0 else min(into, self._day_us)

    # Public answers ----------------------------------------------------------------------------

    def next_working_day(self, day: date) -> date:
        ordinal = day.toordinal() + 1
        days = self._covering(ordinal, ordinal)
        found = self._working_day(days.before[ordinal - days.lo], ordinal)
        if found - ordinal >= _MAX_GAP:
            raise ValueError("no working day within ten years")
        return date.fromordinal(found)

    def _first_office_moment(self, moment: datetime) -> datetime:
        """The moment itself if the office is open then, else the next opening."""
        local = moment.astimezone(self.tz)
        day = local.date()
        if self.is_working_day(day):
            if local < self._open(day):
                return self._open(day)
            if local < self._close(day):
                return local
        return self._open(self.next_working_day(day))

    def add_office_minutes(self, moment: datetime, minutes: int) -> datetime:
        cursor = self._first_office_moment(moment)
        remaining = timedelta(minutes=minutes)
        if remaining <= self._close(cursor.date()) - cursor:  # due the same day
            return cursor + remaining
        _days, before, into = self._position(cursor)
        total = into + remaining // _US  # office microseconds from the opening of the cursor's day
        full = -(-total // self._day_us) - 1  # whole office days passed; the rest falls on the next one
        day = self._working_day(before + full, cursor.toordinal())
        return self._open(date.fromordinal(day)) + timedelta(microseconds=total - full * self._day_us)

    def add_working_days(self, moment: datetime, days: int) -> datetime:
        """Due at the same office time `days` working days later (counted from the next opening
        when the item arrives outside office hours)."""
        cursor = self._first_office_moment(moment)
        day = cursor.date()
        if days > 0:
            _days, before, _into = self._position(cursor)
            day = date.fromordinal(self._working_day(before + days, cursor.toordinal()))
        return datetime.combine(day, cursor.timetz().replace(tzinfo=None), self.tz)

    def office_minutes_between(self, a: datetime, b: datetime) -> float:
        """Office minutes elapsed from a to b (0 when b is before a)."""
        if b <= a:
            return 0.0
        a, b = a.astimezone(self.tz), b.astimezone(self.tz)
        self._covering(a.toordinal(), b.toordinal())
        _days, before_a, into_a = self._position(a)
        _days, before_b, into_b = self._position(b)
        elapsed = (before_b - before_a) * self._day_us + into_b - into_a
        return timedelta(microseconds=elapsed).total_seconds() / 60

    def working_days_between(self, a: datetime, b: datetime) -> float:
        return self.office_minutes_between(a, b) / self.minutes_per_day


def _parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


@lru_cache(maxsize=16)
def _shared_calendar(start: str, end: str, weekdays: tuple, off: frozenset, working: frozenset) -> OfficeCalendar:
    """One calendar (and its table of days) per configuration, shared by everything in the process."""
    return OfficeCalendar(start=_parse_hhmm(start), end=_parse_hhmm(end), weekdays=weekdays,
                          extra_days_off=off, extra_working_days=working)


def _configured(exceptions) -> OfficeCalendar:
    from django.conf import settings

    off, working = [], []
    for day, is_working in exceptions:
        (working if is_working else off).append(day)
    return _shared_calendar(settings.OFFICE_START, settings.OFFICE_END, tuple(settings.OFFICE_WEEKDAYS),
                            frozenset(off), frozenset(working))


CHECK_SECONDS = 5.0  # outside a request, the version number is read at most this often
RELOAD_SECONDS = 600.0  # and the exceptions are read again this often whatever the version says


class _ProcessCalendar:
    """The calendar this process uses, with the database version and office hours it was built from."""

    def __init__(self):
        self.key = None
        self.calendar = None
        self.loaded_at = self.checked_at = float("-inf")
        self.check_now = True

    def get(self) -> OfficeCalendar:
        from django.conf import settings

        from workflow.models import CalendarException, CalendarVersion

        hours = (settings.OFFICE_START, settings.OFFICE_END, tuple(settings.OFFICE_WEEKDAYS))
        now = clock.monotonic()
        calendar, key = self.calendar, self.key
        if (calendar is not None and key[1] == hours and not self.check_now
                and now - self.checked_at < CHECK_SECONDS):
            return calendar
        self.check_now, self.checked_at = False, now
        key = (CalendarVersion.current(), hours)
        if calendar is None or key != self.key or now - self.loaded_at > RELOAD_SECONDS:
            calendar = _configured(CalendarException.objects.values_list("date", "is_working_day"))
            self.key, self.calendar, self.loaded_at = key, calendar, now
        return calendar

    def forget(self, **kwargs) -> None:
        """The exceptions changed in this process: rebuild at the next use."""
        self.calendar = None

    def new_request(self, **kwargs) -> None:
        """A request reads the version once, at its first use of the calendar."""
        self.check_now = True


PROCESS_CALENDAR = _ProcessCalendar()


def office_calendar(exceptions=None) -> OfficeCalendar:
    """The calendar as configured: settings for the hours, the admin's table for exceptions (or the
    (date, is_working_day) pairs given, e.g. read from a cache)."""
    if exceptions is not None:
        return _configured(exceptions)
    return PROCESS_CALENDAR.get()
