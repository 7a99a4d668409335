"""Due times stored when an item enters a state, and kept right when the office calendar changes.

The engine writes `due_at` with every transition (`workflow.engine.apply`): the deadline of the SOP
step the item now waits in, on the office calendar. Inboxes, lists and the dashboard sort and filter
on it in SQL. A holiday or collective leave added later moves deadlines: `recompute_due_at` writes them
again for every open item (a task started when the calendar's version changes).
"""
from __future__ import annotations

from datetime import datetime

from workflow.sla import due_at as _deadline
from workflow.table import step_row_for
from workflow.worktime import OfficeCalendar, office_calendar


def due_for(calendar: OfficeCalendar, subject: str, state: str, entered_at: datetime) -> datetime | None:
    """When an item of `subject` that entered `state` at `entered_at` is due: None where no SOP step
    with a norm waits in that state (a branch, a final state, a step without a norm)."""
    row = step_row_for(subject, state)
    return None if row is None else _deadline(calendar, row, entered_at)


def recompute_due_at(model, subject: str, state_field: str = "state", calendar: OfficeCalendar | None = None,
                     batch: int = 2000) -> int:
    """Write `due_at` again for every item of `model` waiting in a state with a norm; returns how many
    changed. `model` may be a migration's historical model."""
    from workflow.table import TRANSITIONS

    calendar = calendar or office_calendar()
    states = {s for t in TRANSITIONS if t.subject == subject and t.step is not None for s in t.sources}
    changed, pending = 0, []
    rows = (model.objects.filter(**{f"{state_field}__in": states})
            .only("pk", state_field, "state_entered_at", "due_at").order_by("pk"))
    for item in rows.iterator(chunk_size=batch):
        due = due_for(calendar, subject, getattr(item, state_field), item.state_entered_at)
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
    """Every registered subject with a clock: the number of items whose due time moved."""
    from workflow.registry import SUBJECTS

    calendar = office_calendar()
    return {s.name: recompute_due_at(s.model_class(), s.name, s.state_field, calendar)
            for s in SUBJECTS.values() if s.clock}
