"""SLA clocks: when an item waiting in a step is due, and how much office time is left."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from workflow.table import Transition, step_row_for
from workflow.worktime import OfficeCalendar


@dataclass
class Clock:
    row: Transition
    entered_at: datetime
    due_at: datetime | None
    now: datetime
    calendar: OfficeCalendar | None = None

    @property
    def office_minutes_left(self) -> float | None:
        """Office minutes until the due time; negative when overdue (office minutes past it)."""
        if self.due_at is None or self.calendar is None:
            return None
        if self.now <= self.due_at:
            return self.calendar.office_minutes_between(self.now, self.due_at)
        return -self.calendar.office_minutes_between(self.due_at, self.now)

    @property
    def overdue(self) -> bool:
        return self.due_at is not None and self.now > self.due_at

    @property
    def seconds_left(self) -> float | None:
        return None if self.due_at is None else (self.due_at - self.now).total_seconds()

    @property
    def customer_step(self) -> bool:
        return self.row.customer_step


def due_at(calendar: OfficeCalendar, row: Transition, entered_at: datetime) -> datetime | None:
    if row.norm_minutes is not None:
        return calendar.add_office_minutes(entered_at, row.norm_minutes)
    if row.norm_working_days is not None:
        return calendar.add_working_days(entered_at, row.norm_working_days)
    return None


def clock_for(calendar: OfficeCalendar, subject: str, state: str, entered_at: datetime, now=None,
              due: datetime | None = None) -> Clock | None:
    """The item's clock; `due`: its stored due time (written by the engine), else computed here."""
    row = step_row_for(subject, state)
    if row is None:
        return None
    return Clock(row=row, entered_at=entered_at, due_at=due or due_at(calendar, row, entered_at),
                 now=now or timezone.now(), calendar=calendar)
