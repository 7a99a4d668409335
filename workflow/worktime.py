"""Office time: the clock the SOP's time norms run on.

Minute norms count office hours (default Monday-Friday 07:30-16:00 WIB); day norms count working
days. National holidays and collective leave come from the `holidays` package (country ID,
categories public and government); the admin's table of extra days off and extra working days
overrides it. The calendar itself is plain Python so it can be tested with fixed dates.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

WIB = ZoneInfo("Asia/Jakarta")


@lru_cache(maxsize=64)
def national_days_off(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year, categories=("public", "government")))


class OfficeCalendar:
    def __init__(self, start: time = time(7, 30), end: time = time(16, 0), weekdays=(0, 1, 2, 3, 4),
                 extra_days_off=(), extra_working_days=(), tz=WIB):
        if end <= start:
            raise ValueError("office hours must end after they start")
        self.start, self.end, self.tz = start, end, tz
        self.weekdays = frozenset(weekdays)
        self.extra_days_off = frozenset(extra_days_off)
        self.extra_working_days = frozenset(extra_working_days)

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

    def next_working_day(self, day: date) -> date:
        day += timedelta(days=1)
        for _ in range(3660):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError("no working day within ten years")

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
        while True:
            available = self._close(cursor.date()) - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
            cursor = self._open(self.next_working_day(cursor.date()))

    def add_working_days(self, moment: datetime, days: int) -> datetime:
        """Due at the same office time `days` working days later (counted from the next opening
        when the item arrives outside office hours)."""
        cursor = self._first_office_moment(moment)
        day = cursor.date()
        for _ in range(days):
            day = self.next_working_day(day)
        return datetime.combine(day, cursor.timetz().replace(tzinfo=None), self.tz)

    def office_minutes_between(self, a: datetime, b: datetime) -> float:
        """Office minutes elapsed from a to b (0 when b is before a)."""
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

    def working_days_between(self, a: datetime, b: datetime) -> float:
        return self.office_minutes_between(a, b) / self.minutes_per_day


def _parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def office_calendar(exceptions=None) -> OfficeCalendar:
    """The calendar as configured: settings for the hours, the admin's table for exceptions (or the
    (date, is_working_day) pairs given, e.g. read from a cache)."""
    from django.conf import settings

    from workflow.models import CalendarException

    if exceptions is None:
        exceptions = CalendarException.objects.values_list("date", "is_working_day")
    off, working = [], []
    for day, is_working in exceptions:
        (working if is_working else off).append(day)
    return OfficeCalendar(
        start=_parse_hhmm(settings.OFFICE_START),
        end=_parse_hhmm(settings.OFFICE_END),
        weekdays=settings.OFFICE_WEEKDAYS,
        extra_days_off=off,
        extra_working_days=working,
    )
