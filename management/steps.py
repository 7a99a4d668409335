"""Time per SOP step for a period: median, 90th percentile and the share within the step's norm.

A step's time is what `workflow.measure.step_times` measures from the audit trail (office minutes,
or working days for the working-day norm of step 14), counted for the steps completed inside the
period. The database pairs each such entry with the item's previous transition (a window function
over the item's whole history) and streams only the pairs of the period; the office-time arithmetic
runs in Python because office hours and holidays are not SQL.

The 90th percentile is the nearest-rank one: the value at rank ⌈0.9·n⌉ of the sorted times, so it
is always a time that really happened. The median is the middle time (the mean of the two middle
ones for an even count).
"""
from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import F, FloatField, Func, Q, Window
from django.db.models.functions import Coalesce, Lag

from workflow.measure import StepTime
from workflow.models import AuditEntry
from workflow.table import TRANSITIONS, Transition

CHUNK = 2000
ONE_DAY = timedelta(days=1)
# Rows that are a step of the SOP and put the item in somebody's inbox: instrument.receive is done
# through the order's step 11 and would count it twice.
STEP_ROWS: tuple[Transition, ...] = tuple(t for t in TRANSITIONS if t.step is not None and t.in_inbox)
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


def _value(t: StepTime) -> float | None:
    return t.working_days if t.norm_working_days is not None else t.minutes


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


class EpochOfficeClock:
    """`OfficeCalendar.office_minutes_between` for moments given as epoch seconds, with each day's
    office window computed once: the same answer (a test compares them), at a cost a few hundred
    thousand measurements can afford."""

    def __init__(self, calendar):
        self.calendar = calendar
        self.windows: dict[date, tuple[float, float] | None] = {}

    def window(self, day: date) -> tuple[float, float] | None:
        if day not in self.windows:
            cal = self.calendar
            self.windows[day] = (
                (datetime.combine(day, cal.start, cal.tz).timestamp(), datetime.combine(day, cal.end, cal.tz).timestamp())
                if cal.is_working_day(day) else None)
        return self.windows[day]

    def minutes_between(self, a: float, b: float) -> float:
        if b <= a:
            return 0.0
        tz = self.calendar.tz
        day, last = datetime.fromtimestamp(a, tz).date(), datetime.fromtimestamp(b, tz).date()
        total = 0.0
        while day <= last:
            window = self.window(day)
            if window is not None:
                lo, hi = max(a, window[0]), min(b, window[1])
                if hi > lo:
                    total += hi - lo
            day += ONE_DAY
        return total / 60


def _measured_entries(period, scope):
    """(code, at, start, laboratory) for every step entry completed in the period.

    The start is the previous transition of the same item (LAG over the item's entries, computed in
    the database over the whole history of the orders concerned, not only the period) or, for the
    order's first step, its creation — as `workflow.measure.step_times` defines it."""
    in_period = AuditEntry.objects.filter(at__gte=period.since, at__lt=period.until, code__in=STEP_CODES)
    if not scope.centre_wide:
        in_period = in_period.filter(instrument__laboratory_id=scope.laboratory_id)
    concerned = Q(order_id__in=in_period.filter(order__isnull=False).values("order_id"))
    if scope.centre_wide:
        concerned |= Q(subject="account", account_id__in=in_period.filter(subject="account").values("account_id"))
    history = (
        AuditEntry.objects.filter(concerned).exclude(to_state="").order_by()
        .annotate(item=Coalesce("instrument_id", "order_id", "account_id"),
                  at_epoch=Epoch("at"),
                  previous_at=Window(Lag(Epoch("at")), partition_by=[F("subject"), F("item")],
                                     order_by=[F("at").asc(), F("id").asc()]),
                  created=Epoch("order__created_at"), lab=F("instrument__laboratory_id"))
        .values_list("code", "at", "at_epoch", "previous_at", "created", "lab", "subject")
    )
    sql, params = history.query.sql_with_params()
    codes = ", ".join(["%s"] * len(STEP_CODES))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT history.code, history.at_epoch, history.previous_at, history.created, history.lab, "
                       f"history.subject FROM ({sql}) history WHERE history.at >= %s AND history.at < %s "
                       f"AND history.code IN ({codes})",
                       (*params, _db_moment(period.since), _db_moment(period.until), *STEP_CODES))
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def _db_moment(value):
    return connection.ops.adapt_datetimefield_value(value)


def step_statistics(period, calendar, scope) -> list[StepStat]:
    """One StepStat per SOP step row, in the table's order."""
    rows_by_code = {row.code: row for row in STEP_ROWS}
    clock = EpochOfficeClock(calendar)
    buckets: dict[str, list[StepTime]] = defaultdict(list)
    for code, at, previous_at, created, lab, subject in _measured_entries(period, scope):
        if not scope.centre_wide and lab != scope.laboratory_id:
            continue
        row = rows_by_code[code]
        start = previous_at if previous_at is not None else (created if subject == "order" else None)
        if start is None:
            continue
        # to the millisecond: SQLite's julianday arithmetic is a few microseconds off
        minutes = clock.minutes_between(round(start, 3), round(at, 3))
        buckets[code].append(StepTime(
            0, minutes, minutes / calendar.minutes_per_day if row.norm_working_days is not None else None,
            row.norm_minutes, row.norm_working_days, row.customer_step))
    result = []
    for row in STEP_ROWS:
        if not scope.centre_wide and row.subject != "instrument":
            continue
        values = sorted(v for v in (_value(t) for t in buckets.get(row.code, ())) if v is not None)
        within = sum(1 for t in buckets.get(row.code, ()) if t.within_norm)
        result.append(StepStat(
            row=row, count=len(values),
            median=statistics.median(values) if values else None,
            p90=nearest_rank(values, 0.9),
            within=within,
        ))
    return result


