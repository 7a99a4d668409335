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


def stored_step_times(entries, calendar: OfficeCalendar) -> dict[int, StepTime]:
    """The time each SOP step took, as the engine stored it on the entry that completed the step
    (`AuditEntry.office_minutes`): nothing is walked at read time."""
    result: dict[int, StepTime] = {}
    for e in entries:
        if e.office_minutes is None or not e.to_state:
            continue
        rows = rows_for(e.code)
        row = rows[0] if rows else None
        if row is None or row.step is None:
            continue
        result[e.pk] = StepTime(
            e.pk, e.office_minutes,
            e.office_minutes / calendar.minutes_per_day if row.norm_working_days is not None else None,
            row.norm_minutes, row.norm_working_days, row.customer_step,
        )
    return result
