"""Office time: the clock the SOP's time norms run on.

Minute norms count office hours (the unit's; by default Monday-Friday 07:30-16:00 WIB); day norms
count working days. National holidays and collective leave come from the `holidays` package (country ID,
categories public and government); the admin's table of extra days off and extra working days
overrides it. The calendar itself is plain Python so it can be tested with fixed dates.

A calendar keeps, for a range of days it widens on demand, the number of working days before each
day and the list of working days: office minutes between two moments are then a subtraction, and a
deadline N office minutes or working days later an index into that list, whatever the distance.
Each unit (satker) has its own clock: its time zone and office hours (`units.Unit`), on the national
calendar plus the exceptions that name no unit (every unit) or that unit. `office_calendar(unit)` keeps
one calendar per unit per process and rebuilds them only when the version number in the database
changes (every change to the admin's exceptions, or to a unit's hours, bumps it); it reads that number
at most once per request, or once every few seconds outside a request.
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


def _parse_hhmm(value) -> time:
    if isinstance(value, time):
        return value
    hours, minutes = str(value).split(":")[:2]
    return time(int(hours), int(minutes))


class UnitClock(NamedTuple):
    """What a unit's calendar is made of, besides the exceptions: its time zone and office hours."""
    tz: str
    start: time
    end: time
    weekdays: tuple


def clock_of_unit(unit) -> UnitClock:
    """The clock fields of a unit (the model's or a plain row of its values)."""
    get = unit.get if isinstance(unit, dict) else lambda name: getattr(unit, name)
    return UnitClock(get("time_zone") or "Asia/Jakarta", _parse_hhmm(get("office_start")),
                     _parse_hhmm(get("office_end")), tuple(get("office_weekdays")))


def settings_clock() -> UnitClock:
    """The installation's settings: the clock before units, and what a migration's calendar uses."""
    from django.conf import settings

    zones = {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"}
    tz = settings.TIME_ZONE if settings.TIME_ZONE in zones else "Asia/Jakarta"
    return UnitClock(tz, _parse_hhmm(settings.OFFICE_START), _parse_hhmm(settings.OFFICE_END),
                     tuple(settings.OFFICE_WEEKDAYS))


@lru_cache(maxsize=64)
def _shared_calendar(clock: UnitClock, off: frozenset, working: frozenset) -> OfficeCalendar:
    """One calendar (and its table of days) per configuration, shared by everything in the process."""
    return OfficeCalendar(start=clock.start, end=clock.end, weekdays=clock.weekdays, extra_days_off=off,
                          extra_working_days=working, tz=ZoneInfo(clock.tz))


def _configured(clock: UnitClock, exceptions, unit_id=None) -> OfficeCalendar:
    """The calendar of `clock` with the exceptions that apply to the unit `unit_id`: (date, is_working_day)
    pairs apply to every unit; (date, is_working_day, unit id) triples to their unit, or to all when
    it is None. A day an exception of the unit names overrides the exception for every unit."""
    days: dict = {}
    for row in sorted(exceptions, key=lambda r: len(r) > 2 and r[2] is not None):
        if len(row) > 2 and row[2] is not None and row[2] != unit_id:
            continue
        days[row[0]] = row[1]
    return _shared_calendar(clock, frozenset(d for d, w in days.items() if not w),
                            frozenset(d for d, w in days.items() if w))


CHECK_SECONDS = 5.0  # outside a request, the version number is read at most this often
RELOAD_SECONDS = 600.0  # and the exceptions are read again this often whatever the version says
_UNIT_FIELDS = ("pk", "time_zone", "office_start", "office_end", "office_weekdays")


class _ProcessCalendar:
    """The calendars this process uses, one per unit, with the database version they were built from:
    the exceptions and the units' clocks are read once per version and kept."""

    def __init__(self):
        self.version = None
        self.exceptions = None  # [(date, is_working_day, unit id or None)]
        self.clocks: dict[int, UnitClock] = {}  # unit id -> its clock
        self.calendars: dict[int, OfficeCalendar] = {}  # unit id -> its calendar
        self.loaded_at = self.checked_at = float("-inf")
        self.check_now = True

    def _check(self) -> None:
        """Read the version (at most once per request or every few seconds); drop what it outdated."""
        from workflow.models import CalendarVersion

        now = clock.monotonic()
        if self.exceptions is not None and not self.check_now and now - self.checked_at < CHECK_SECONDS:
            return
        self.check_now, self.checked_at = False, now
        version = CalendarVersion.current()
        if self.exceptions is None or version != self.version or now - self.loaded_at > RELOAD_SECONDS:
            from workflow.models import CalendarException

            exceptions = list(CalendarException.objects.values_list("date", "is_working_day", "unit_id"))
            self.version, self.loaded_at = version, now
            self.calendars, self.clocks, self.exceptions = {}, {}, exceptions

    def clock_for(self, unit_id: int) -> UnitClock:
        clock_ = self.clocks.get(unit_id)
        if clock_ is None:
            from units.models import Unit

            self.clocks = clocks = dict(self.clocks)
            for row in Unit.objects.values(*_UNIT_FIELDS):
                clocks[row["pk"]] = clock_of_unit(row)
            clock_ = clocks.get(unit_id)
            if clock_ is None:
                raise LookupError(f"no unit {unit_id}")
        return clock_

    def get(self, unit=None) -> OfficeCalendar:
        """The calendar of `unit` (a Unit, its id, or None for the default unit)."""
        from units.current import default_unit_id

        # by id: the unit's clock as this process last read it for the current version (a Unit given, or
        # the kept default unit, may be older than a change another process made)
        unit_id = default_unit_id() if unit is None else getattr(unit, "pk", unit)
        self._check()
        calendar = self.calendars.get(unit_id)
        if calendar is None:
            calendar = _configured(self.clock_for(unit_id), self.exceptions, unit_id)
            self.calendars = {**self.calendars, unit_id: calendar}
        return calendar

    def forget(self, **kwargs) -> None:
        """The exceptions or a unit changed in this process: rebuild at the next use."""
        self.exceptions = None
        self.calendars, self.clocks = {}, {}

    def new_request(self, **kwargs) -> None:
        """A request reads the version once, at its first use of the calendar."""
        self.check_now = True


PROCESS_CALENDAR = _ProcessCalendar()


def office_calendar(unit=None, exceptions=None) -> OfficeCalendar:
    """The calendar of `unit` (a Unit, its id; None: the default unit, for what belongs to no order):
    its time zone and office hours, the national holidays, and the admin's exceptions for every unit
    or for that one — or the exceptions given, (date, is_working_day[, unit id]) rows, e.g. read from
    a cache."""
    if exceptions is not None:
        if unit is None or isinstance(unit, int):
            from units.current import default_unit

            unit = default_unit() if unit is None else unit
        clock_ = PROCESS_CALENDAR.clock_for(unit) if isinstance(unit, int) else clock_of_unit(unit)
        return _configured(clock_, exceptions, unit if isinstance(unit, int) else unit.pk)
    return PROCESS_CALENDAR.get(unit)


def settings_calendar(exceptions=()) -> OfficeCalendar:
    """The calendar of the installation's settings, with every exception given: what a migration made
    before units existed uses (it may not read the units' table)."""
    return _configured(settings_clock(), [(row[0], row[1]) for row in exceptions])


class UnitCalendars:
    """The calendars of the units a page or a batch meets, each fetched once: `calendars[unit_id]`."""

    def __init__(self):
        self._known: dict = {}

    def __getitem__(self, unit_id) -> OfficeCalendar:
        calendar = self._known.get(unit_id)
        if calendar is None:
            calendar = self._known[unit_id] = office_calendar(unit_id)
        return calendar
