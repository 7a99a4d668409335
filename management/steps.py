"""Time per SOP step for a period: median, 90th percentile and the share within the step's norm.

A step's time is the office time the item spent waiting for it (office minutes, or working days
for the working-day norm of step 14), stored on the audit entry that completed the step when it was
written (`workflow.engine.apply`; older entries by the migration in `workflow.durations`), counted for
the steps completed inside the period. On PostgreSQL the figures are one grouped query
(percentile_cont for the median, percentile_disc for the nearest-rank 90th percentile); elsewhere the
stored minutes are read and sorted in Python.

The 90th percentile is the nearest-rank one: the value at rank ⌈0.9·n⌉ of the sorted times, so it
is always a time that really happened. The median is the middle time (the mean of the two middle
ones for an even count).
"""
from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db import connections, transaction
from django.db.models import FloatField, Func
from django.db.models.expressions import RawSQL

from workflow.models import AuditEntry
from workflow.table import TRANSITIONS, Transition

CHUNK = 2000
# Rows that are a step of the SOP and put the item in somebody's inbox: instrument.receive is done
# through the order's step 11 and would count it twice. A step two roles may take (step 3: the unit's
# admin or the central admin) is one step: its first row stands for it.
def _step_rows() -> tuple[Transition, ...]:
    first: dict[str, Transition] = {}
    for t in TRANSITIONS:
        if t.step is not None and t.in_inbox:
            first.setdefault(t.code, t)
    return tuple(first.values())


STEP_ROWS: tuple[Transition, ...] = _step_rows()
STEP_CODES: tuple[str, ...] = tuple(dict.fromkeys(t.code for t in STEP_ROWS))


@dataclass
class StepStat:
    row: Transition
    count: int
    median: float | None
    p90: float | None
    within: int  # how many met the norm

    @property
    def unit(self) -> str:
        return "working_days" if self.row.norm_working_days is not None else "minutes"

    @property
    def norm(self) -> int | None:
        return self.row.norm_working_days if self.row.norm_working_days is not None else self.row.norm_minutes

    @property
    def within_share(self) -> float | None:
        """Share of the measured times within the norm, 0..1; None without a norm or without data."""
        if self.norm is None or not self.count:
            return None
        return self.within / self.count


def nearest_rank(sorted_values: list[float], fraction: float) -> float | None:
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


class Epoch(Func):
    """Seconds since 1970 (UTC) of a moment, computed by the database: hundreds of thousands of
    moments then cost one float each to read, not a date-time parse."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        return self.as_sql_template(compiler, connection, "CAST(EXTRACT(EPOCH FROM %(expressions)s) AS double precision)", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql_template(compiler, connection, "((julianday(%(expressions)s) - 2440587.5) * 86400.0)",
                                    **extra)

    def as_sql_template(self, compiler, connection, template, **extra):
        return super().as_sql(compiler, connection, template=template, **extra)


def _stored_minutes(period, scope):
    """The audit entries of the steps completed in the period that carry their stored duration."""
    entries = AuditEntry.objects.filter(at__gte=period.since, at__lt=period.until, code__in=STEP_CODES,
                                        office_minutes__isnull=False)
    entries = scope.by_unit(entries)  # the entry's own unit column (the order's unit, written with it)
    if not scope.centre_wide:
        entries = entries.filter(instrument__laboratory_id=scope.laboratory_id)
    return entries


def _limit(row: Transition, minutes_per_day: float) -> float | None:
    """The step's norm in office minutes (a working-day norm in the unit's working day)."""
    if row.norm_working_days is not None:
        return row.norm_working_days * minutes_per_day
    return row.norm_minutes


_FIGURES = ("COUNT(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY s.office_minutes), "
            "percentile_disc(0.9) WITHIN GROUP (ORDER BY s.office_minutes), "
            "SUM(CASE WHEN s.office_minutes <= k.norm THEN 1 ELSE 0 END)")


def _run(entries, query, args) -> list[tuple]:
    db = entries.db  # the replica when the dashboard reads there
    with transaction.atomic(using=db), connections[db].cursor() as cursor:
        # the per-step sorts of a year's durations (~10^6 floats) in memory, not in files on disk
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(query, args)
        return cursor.fetchall()


def _figures_in_sql(entries, per_day) -> dict:
    """PostgreSQL: per code the count, the median (percentile_cont 0.5), the nearest-rank 90th
    percentile (percentile_disc 0.9) and how many met the norm, in one grouped query."""
    codes = [row.code for row in STEP_ROWS]
    norms = [_limit(row, per_day(None)) for row in STEP_ROWS]
    sql, params = entries.order_by().values("code", "office_minutes").query.sql_with_params()
    query = (f"SELECT s.code, {_FIGURES} FROM ({sql}) s "
             f"JOIN unnest(%s::text[], %s::float8[]) AS k(code, norm) ON k.code = s.code GROUP BY s.code")
    return {code: (count, median, p90, within or 0)
            for code, count, median, p90, within in _run(entries, query, [*params, codes, norms])}


def _figures_by_unit_in_sql(entries, per_day) -> dict:
    """PostgreSQL, every unit at once: per (unit, code) the same figures, each from a range of the index
    on (unit, code, time) — no sort of a year's entries of every unit — and those without a unit
    (an account's steps) grouped by code; one statement. `per_day(unit_id)` is the unit's working day in
    office minutes (a working-day norm's length)."""
    keys = [(unit, row.code, _limit(row, per_day(unit))) for unit in sorted(per_day.unit_ids) for row in STEP_ROWS]
    own = entries.filter(unit_id=RawSQL("k.unit_key", ()), code=RawSQL("k.code", ()))
    own_sql, own_params = own.order_by().values("office_minutes").query.sql_with_params()
    loose = entries.filter(unit_id__isnull=True)
    loose_sql, loose_params = loose.order_by().values("code", "office_minutes").query.sql_with_params()
    query = (f"SELECT k.unit_key, k.code, m.* FROM unnest(%s::bigint[], %s::text[], %s::float8[]) "
             f"AS k(unit_key, code, norm) CROSS JOIN LATERAL (SELECT {_FIGURES} AS within FROM ({own_sql}) s) m "
             f"WHERE m.count > 0 UNION ALL "
             f"SELECT NULL, s.code, {_FIGURES} FROM ({loose_sql}) s "
             f"JOIN unnest(%s::text[], %s::float8[]) AS k(code, norm) ON k.code = s.code GROUP BY s.code")
    args = [[k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys], *own_params, *loose_params,
            [row.code for row in STEP_ROWS], [_limit(row, per_day(None)) for row in STEP_ROWS]]
    return {(unit, code): (count, median, p90, within or 0)
            for unit, code, count, median, p90, within in _run(entries, query, args)}


def _figures_in_python(entries, per_day, by_unit: bool) -> dict:
    buckets: dict = defaultdict(list)
    if by_unit:
        for unit, code, minutes in (entries.values_list("unit_id", "code", "office_minutes")
                                    .iterator(chunk_size=CHUNK)):
            buckets[unit, code].append(minutes)
    else:
        for code, minutes in entries.values_list("code", "office_minutes").iterator(chunk_size=CHUNK):
            buckets[code].append(minutes)
    rows = {row.code: row for row in STEP_ROWS}
    result = {}
    for key, values in buckets.items():
        unit, code = key if by_unit else (None, key)
        values.sort()
        limit = _limit(rows[code], per_day(unit))
        within = sum(1 for v in values if v <= limit) if limit is not None else 0
        result[key] = (len(values), statistics.median(values), nearest_rank(values, 0.9), within)
    return result


class _WorkingDay:
    """A unit's working day in office minutes, from its calendar (the default unit's for None)."""

    def __init__(self, calendars, unit_ids=()):
        self.calendars = calendars
        self.unit_ids = unit_ids

    def __call__(self, unit_id) -> float:
        return self.calendars[unit_id].minutes_per_day


class _OneCalendar:
    def __init__(self, calendar):
        self.calendar = calendar

    def __getitem__(self, unit_id):
        return self.calendar


def _stats(figures, key_of, minutes_per_day, scope) -> list[StepStat]:
    result = []
    for row in STEP_ROWS:
        if not scope.centre_wide and row.subject != "instrument":
            continue
        count, median, p90, within = figures.get(key_of(row.code), (0, None, None, 0))
        if row.norm_working_days is not None and count:
            median, p90 = median / minutes_per_day, p90 / minutes_per_day
        if row.norm_minutes is None and row.norm_working_days is None:
            within = 0
        result.append(StepStat(row=row, count=count, median=median, p90=p90, within=within))
    return result


def step_statistics(period, calendar, scope) -> list[StepStat]:
    """One StepStat per SOP step row, in the table's order, from the durations stored on the audit
    entries (the engine writes them; a migration wrote those of older entries): no walk over the
    history at read time. Working-day steps are shown in working days (office minutes / minutes per day
    of `calendar`: the unit's)."""
    entries = _stored_minutes(period, scope)
    per_day = _WorkingDay(_OneCalendar(calendar))
    in_sql = connections[entries.db].vendor == "postgresql"
    figures = _figures_in_sql(entries, per_day) if in_sql else _figures_in_python(entries, per_day, False)
    return _stats(figures, lambda code: code, calendar.minutes_per_day, scope)


def step_statistics_by_unit(period, calendars, scope, unit_ids) -> dict[int | None, list[StepStat]]:
    """The same figures for every unit at once, in one grouped query: unit id -> its StepStats, each
    unit's working-day steps in its own working day (`calendars[unit_id]`, e.g. UnitCalendars). A unit
    with no step in the period has its rows with a count of 0."""
    entries = _stored_minutes(period, scope)
    in_sql = connections[entries.db].vendor == "postgresql"
    per_day = _WorkingDay(calendars, unit_ids)
    figures = _figures_by_unit_in_sql(entries, per_day) if in_sql else _figures_in_python(entries, per_day, True)
    units = set(unit_ids) | {unit for unit, _code in figures}
    return {unit: _stats(figures, lambda code, unit=unit: (unit, code), per_day(unit), scope) for unit in units}
