"""How long each step took, stored on the audit entry that ended it.

The engine writes `AuditEntry.office_minutes` when an item leaves a state (`workflow.engine.apply`):
the office minutes between the item's entry into that state and now. Entries written before the
engine stored it get the same figure from `backfill_office_minutes`, which pairs each transition with
the item's previous one (the definition the dashboard used when it measured at read time: the start is
the previous transition of the same item, or the order's creation for the first move of an item that
belongs to an order). Creations (entries from no state) and items without a clock keep none, as the
engine writes them.
"""
from __future__ import annotations

from django.db import connection
from django.db.models import F, IntegerField, Value, Window
from django.db.models.functions import Lag

from units.current import default_unit_id
from workflow.worktime import UnitCalendars, settings_calendar

BATCH = 5000


def backfill_office_minutes(entry_model=None, calendar=None) -> int:
    """Write `office_minutes` on every transition entry that has none and whose start is known;
    returns how many were written. Each on the calendar of its order's unit (the default unit's for an
    account's), or on `calendar` when given. `entry_model` may be a migration's historical model, made
    before units: the settings' calendar then."""
    from workflow.registry import SUBJECTS

    if entry_model is None:
        from workflow.models import AuditEntry as entry_model

        unit = F("order__unit_id")
    else:
        from workflow.models import CalendarException

        unit = Value(None, output_field=IntegerField())
        calendar = calendar or settings_calendar(CalendarException.objects.values_list("date", "is_working_day"))
    calendars = UnitCalendars()
    # as the engine: only items with a clock keep durations; an item belonging to an order waited, before
    # its first move, since the order was made; a creation entry (from no state) took no time
    clocked = [s.name for s in SUBJECTS.values() if s.clock]
    of_orders = {s.name for s in SUBJECTS.values() if s.order_path is not None}
    history = (entry_model.objects.exclude(to_state="").filter(subject__in=clocked).order_by()
               .annotate(previous_at=Window(Lag("at"), partition_by=[F("subject"), F("object_id")],
                                            order_by=[F("at").asc(), F("id").asc()]),
                         created=F("order__created_at"), clock_unit_id=unit)
               .values_list("id", "at", "previous_at", "subject", "created", "office_minutes", "from_state",
                            "clock_unit_id"))
    written, pending = 0, []
    for pk, at, previous_at, subject, created, minutes, from_state, unit_id in history.iterator(chunk_size=BATCH):
        if minutes is not None or not from_state:
            continue
        start = previous_at if previous_at is not None else (created if subject in of_orders else None)
        if start is None:
            continue
        on = calendar or calendars[unit_id or default_unit_id()]
        pending.append((pk, on.office_minutes_between(start, at)))
        if len(pending) >= BATCH:
            written += _write(entry_model, pending)
            pending = []
    if pending:
        written += _write(entry_model, pending)
    return written


def _write(entry_model, pairs: list[tuple[int, float]]) -> int:
    table = entry_model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            values = ", ".join(["(%s, %s)"] * len(pairs))
            cursor.execute(
                f"UPDATE {table} AS e SET office_minutes = v.minutes FROM (VALUES {values}) AS v(id, minutes) "
                f"WHERE e.id = v.id", [x for pair in pairs for x in (pair[0], float(pair[1]))])
        else:
            cursor.executemany(f"UPDATE {table} SET office_minutes = %s WHERE id = %s",
                               [(float(minutes), pk) for pk, minutes in pairs])
    return len(pairs)
