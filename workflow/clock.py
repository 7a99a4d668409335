"""Due times stored when an item enters a state, and kept right when the office calendar changes.

The engine writes `due_at` with every transition (`workflow.engine.apply`): the deadline of the SOP
step the item now waits in, on the office calendar. Inboxes, lists and the dashboard sort and filter
on it in SQL. A holiday or collective leave added later moves deadlines: `recompute_due_at` writes them
again for every open item (a task started when the calendar's version changes).
"""
from __future__ import annotations

from datetime import datetime

from django.db.models import F

from workflow.sla import due_at as _deadline
from workflow.table import step_row_for
from workflow.worktime import OfficeCalendar, UnitCalendars, office_calendar, settings_calendar


def due_for(calendar: OfficeCalendar, subject: str, state: str, entered_at: datetime) -> datetime | None:
    """When an item of `subject` that entered `state` at `entered_at` is due: None where no SOP step
    with a norm waits in that state (a branch, a final state, a step without a norm)."""
    row = step_row_for(subject, state)
    return None if row is None else _deadline(calendar, row, entered_at)


def recompute_due_at(model, subject: str, state_field: str = "state", calendar: OfficeCalendar | None = None,
                     batch: int = 2000, unit_path: str | None = None) -> int:
    """Write `due_at` again for every item of `model` waiting in a state with a norm; returns how many
    changed. `unit_path`: the ORM path from an item to its unit, whose calendar each item runs on (the
    default unit's for an item without one; "" for a subject of no unit: the default unit's calendar);
    without it every item runs on `calendar` (a migration's historical model, made before units: the
    settings' calendar)."""
    from workflow.table import TRANSITIONS

    if calendar is None and unit_path is None:
        from workflow.models import CalendarException

        calendar = settings_calendar(CalendarException.objects.values_list("date", "is_working_day"))
    elif calendar is None and not unit_path:
        calendar = office_calendar()
    calendars = UnitCalendars()
    states = {s for t in TRANSITIONS if t.subject == subject and t.step is not None for s in t.sources}
    changed, pending = 0, []
    fields = ["pk", state_field, "state_entered_at", "due_at"]
    rows = model.objects.filter(**{f"{state_field}__in": states}).order_by("pk")
    rows = rows.only(*fields)
    if unit_path:
        rows = rows.annotate(clock_unit_id=F(unit_path))
    for item in rows.iterator(chunk_size=batch):
        on = calendar if not unit_path else calendars[getattr(item, "clock_unit_id", None) or default_unit_id()]
        due = due_for(on, subject, getattr(item, state_field), item.state_entered_at)
        if due != item.due_at:
            item.due_at = due
            pending.append(item)
        if len(pending) >= batch:
            model.objects.bulk_update(pending, ["due_at"])
            changed += len(pending)
            pending = []
    if pending:
        model.objects.bulk_update(pending, ["due_at"])
        changed += len(pending)
    return changed


def recompute_all() -> dict[str, int]:
    """Every registered subject with a clock: the number of items whose due time moved, each on its
    unit's calendar (an account's on the default unit's)."""
    from workflow.registry import SUBJECTS

    return {s.name: recompute_due_at(s.model_class(), s.name, s.state_field, unit_path=s.unit_path() or "")
            for s in SUBJECTS.values() if s.clock}


def default_unit_id() -> int:
    from units.current import default_unit_id as unit_id

    return unit_id()
