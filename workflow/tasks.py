"""Work the task queue does for the SOP engine (django-tasks; the database backend in production).

A holiday or a day of collective leave added, changed or removed moves the deadlines of items already
waiting: `CalendarException` saved or deleted bumps the calendar's version (`CalendarVersion.bump`) and,
once that change commits, `calendar_changed` enqueues `recompute_due_times`, which writes `due_at` again
for every open item of every registered subject with a clock (`workflow.clock.recompute_all`).
`manage.py recompute_due_at` does the same at once, for operators.
"""
from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def recompute_due_times(version: int | None = None) -> dict[str, int]:
    """Write the due times of open items again on the calendar as it is now; returns how many moved per
    subject. `version`: the calendar version the change made; a task for an older version than the
    current one has nothing to do (the newer change enqueued its own)."""
    from workflow.clock import recompute_all
    from workflow.models import CalendarVersion
    from workflow.worktime import PROCESS_CALENDAR

    if version is not None and CalendarVersion.current() > version:
        return {}
    PROCESS_CALENDAR.new_request()  # read the version now: a worker may hold the calendar from before the change
    moved = recompute_all()
    log.info("due times written again after a calendar change: %s", moved)
    return moved


def calendar_changed(**kwargs) -> None:
    """Signal receiver (a calendar exception saved or deleted, after `CalendarVersion.bump`): once the
    change commits, the due times are written again by the task queue."""
    transaction.on_commit(_enqueue, robust=True)


def _enqueue() -> None:
    from workflow.models import CalendarVersion

    try:
        recompute_due_times.enqueue(CalendarVersion.current())
    except Exception:  # noqa: BLE001 - check_invariants names stale due times; recompute_due_at fixes them
        log.warning("could not enqueue the recomputation of due times", exc_info=True)


_CLOCK_FIELDS = ("time_zone", "office_start", "office_end", "office_weekdays")


def unit_clock_saving(sender, instance, raw=False, **kwargs) -> None:
    """Signal receiver (a unit about to be saved): note whether its clock changes."""
    instance._clock_changed = False
    if raw or instance._state.adding or instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).values(*_CLOCK_FIELDS).first()
    if before is not None:
        from workflow.worktime import clock_of_unit

        instance._clock_changed = clock_of_unit(before) != clock_of_unit(instance)


def unit_clock_saved(sender, instance, raw=False, **kwargs) -> None:
    """Signal receiver (a unit saved): this process builds its calendars again; a changed clock bumps the
    calendar's version (the other processes) and writes the due times again, as an exception does."""
    from workflow.models import CalendarVersion
    from workflow.worktime import PROCESS_CALENDAR

    PROCESS_CALENDAR.forget()
    if getattr(instance, "_clock_changed", False) and not raw:
        CalendarVersion.bump()
        calendar_changed()
