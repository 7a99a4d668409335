"""How long each step took: from the item's entry into the step's source state to the transition
that left it, in office time (working days for day norms), against the step's norm."""
from __future__ import annotations

from dataclasses import dataclass

from workflow.table import rows_for
from workflow.worktime import OfficeCalendar


@dataclass
class StepTime:
    entry_id: int
    minutes: float | None  # office minutes, for minute norms
    working_days: float | None  # for working-day norms
    norm_minutes: int | None
    norm_working_days: int | None
    customer_step: bool

    @property
    def within_norm(self) -> bool | None:
        if self.norm_minutes is not None and self.minutes is not None:
            return self.minutes <= self.norm_minutes
        if self.norm_working_days is not None and self.working_days is not None:
            return self.working_days <= self.norm_working_days
        return None


def step_times(entries, calendar: OfficeCalendar, order_created_at=None) -> dict[int, StepTime]:
    """For transition entries of one order (ordered by time): the time each step took. Each subject
    (the order, each instrument, the account) is clocked separately; a re-entry after a send-back
    starts a new measurement because the clock starts at the last entry into the source state."""
    entered: dict[tuple, object] = {}
    result: dict[int, StepTime] = {}
    for e in entries:
        if not e.to_state:
            continue
        key = (e.subject, e.instrument_id if e.subject == "instrument" else e.order_id or e.account_id)
        rows = rows_for(e.code)
        row = rows[0] if rows else None
        start = entered.get(key)
        if start is None and e.subject == "order":
            start = order_created_at
        elif start is None and e.subject == "instrument":
            start = entered.get(("order", e.order_id))  # waiting since the order reached it
        if row is not None and row.step is not None and start is not None:
            minutes = calendar.office_minutes_between(start, e.at)
            result[e.pk] = StepTime(
                e.pk,
                minutes,
                minutes / calendar.minutes_per_day if row.norm_working_days is not None else None,
                row.norm_minutes, row.norm_working_days, row.customer_step,
            )
        entered[key] = e.at
    return result
