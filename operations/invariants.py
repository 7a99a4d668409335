"""Consistency rules the data must always satisfy, checked by `manage.py check_invariants`.

- every paid order has exactly one payment;
- every issued report number is unique;
- the audit trail replays to the current state: for each order and instrument, its transition entries
  chain (each one starts where the previous ended, the first from the initial state) and the last one
  ends in the state the row holds now. Rows without any transition are in their initial state;
- due times: every item of a registered subject with a clock that waits in a state whose step has a
  norm has the `due_at` the engine would write now (`workflow.clock.due_for`, within a second), and an
  item in any other state has none (a holiday added without `manage.py recompute_due_at` shows here);
- step durations: every transition of the last `DURATION_DAYS` days of a subject with a clock, whose
  start is known (the previous transition of the item, or the order's creation for an order's first
  step: `workflow.durations`), stores the office minutes the step took. Subjects without a clock
  (billing, proof, refund, report) store none.

Runs in one pass over the audit entries (the trail), one over the open items (due times, computed in
O(1) each on the process calendar) and one indexed SQL query (durations), so it stays usable at
100 000 orders: nothing is sampled.
"""
from __future__ import annotations

from collections.abc import Iterator

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from certificates.models import Report
from orders.models import Instrument, Order
from workflow.models import AuditEntry
from workflow.states import InstrumentState, OrderState

# Orders in these states have been paid (RETURNED: every instrument refused after payment).
PAID_STATES = (OrderState.PAID, OrderState.IN_LAB, OrderState.RESULTS_READY, OrderState.NUMBERED,
               OrderState.AWAITING_SIGNATURE, OrderState.SIGNED, OrderState.FORWARDED, OrderState.SURVEYED,
               OrderState.COMPLETED, OrderState.RETURNED)
INITIAL = {"order": OrderState.DRAFT, "instrument": InstrumentState.AWAITING_RECEPTION}


def payment_violations() -> Iterator[str]:
    paid = (Order.objects.filter(state__in=PAID_STATES)
            .annotate(n=Count("payments")).exclude(n=1).values_list("pk", "number", "state", "n"))
    for pk, number, state, n in paid.iterator():
        yield f"order {number or pk} is {state} but has {n} payments (expected exactly 1)"


def report_number_violations() -> Iterator[str]:
    duplicates = (Report.objects.exclude(Q(number__isnull=True) | Q(number="")).values("number")
                  .annotate(n=Count("pk")).filter(n__gt=1).values_list("number", "n"))
    for number, n in duplicates.iterator():
        yield f"report number {number} is used by {n} reports"


def _trail_violations(subject: str, model, label) -> Iterator[str]:
    current = dict(model.objects.values_list("pk", "state").iterator())
    link = "order_id" if subject == "order" else "instrument_id"
    entries = (AuditEntry.objects.filter(subject=subject).exclude(to_state="")
               .order_by(link, "at", "id").values_list(link, "id", "code", "from_state", "to_state"))
    seen = set()
    previous_pk, previous_to = None, None
    for pk, entry_id, code, from_state, to_state in entries.iterator(chunk_size=5000):
        if pk != previous_pk:
            if previous_pk is not None:
                seen.add(previous_pk)
                yield from _final(subject, label, previous_pk, previous_to, current)
            previous_pk, previous_to = pk, INITIAL[subject]
        if from_state and from_state != previous_to:
            yield (f"{label(pk)}: audit entry #{entry_id} ({code}) starts from {from_state} "
                   f"but the trail was at {previous_to}")
        previous_to = to_state
    if previous_pk is not None:
        seen.add(previous_pk)
        yield from _final(subject, label, previous_pk, previous_to, current)
    for pk, state in current.items():
        if pk not in seen and state != INITIAL[subject]:
            yield f"{label(pk)} is {state} but has no audit entry bringing it there"


def _final(subject, label, pk, trail_state, current) -> Iterator[str]:
    if pk not in current:
        return
    if current[pk] != trail_state:
        yield f"{label(pk)} is {current[pk]} but its audit trail ends at {trail_state}"


def audit_trail_violations() -> Iterator[str]:
    yield from _trail_violations("order", Order, lambda pk: f"order #{pk}")
    yield from _trail_violations("instrument", Instrument, lambda pk: f"instrument #{pk}")


DURATION_DAYS = 30  # how far back the stored step durations are checked
LISTED = 50  # violations listed per check of items or entries; the rest are counted in one line
DUE_TOLERANCE = timedelta(seconds=1)


def _clock_subjects():
    from workflow.registry import SUBJECTS

    return [s for s in SUBJECTS.values() if s.clock]


def _normed_states(subject) -> list[str]:
    """The states of `subject` in which an item waits for an SOP step with a norm (it has a deadline)."""
    from workflow.registry import ROWS
    from workflow.table import step_row_for

    states = {state for row in ROWS if row.subject == subject.name for state in row.sources}
    return sorted(state for state in states if (row := step_row_for(subject.name, state)) is not None
                  and (row.norm_minutes is not None or row.norm_working_days is not None))


def _listed(problems: Iterator[str], what: str) -> Iterator[str]:
    count = 0
    for problem in problems:
        count += 1
        if count <= LISTED:
            yield problem
    if count > LISTED:
        yield f"... and {count - LISTED} more {what}"


def due_time_violations() -> Iterator[str]:
    yield from _listed(_due_times(), "items whose due time is wrong (manage.py recompute_due_at writes them again)")


def _due_times() -> Iterator[str]:
    from workflow.clock import due_for
    from django.db.models import F, IntegerField, Value

    from units.current import default_unit_id
    from workflow.worktime import UnitCalendars

    calendars = UnitCalendars()  # each item on its unit's clock
    for subject in _clock_subjects():
        model, field = subject.model_class(), subject.state_field
        normed = _normed_states(subject)
        unit_path = subject.unit_path()
        waiting = (model.objects.filter(**{f"{field}__in": normed}).order_by("pk")
                   .annotate(clock_unit_id=F(unit_path) if unit_path else Value(None, output_field=IntegerField()))
                   .values_list("pk", field, "state_entered_at", "due_at", "clock_unit_id"))
        for pk, state, entered, due, unit_id in waiting.iterator(chunk_size=5000):
            expected = due_for(calendars[unit_id or default_unit_id()], subject.name, state, entered)
            if due is None or abs(due - expected) > DUE_TOLERANCE:
                yield (f"{subject.name} #{pk} waits in {state} since {entered:%Y-%m-%d %H:%M} and is due "
                       f"{_moment(expected)}, but its due time says {_moment(due)}")
        stale = (model.objects.exclude(**{f"{field}__in": normed}).filter(due_at__isnull=False).order_by("pk")
                 .values_list("pk", field))
        for pk, state in stale.iterator(chunk_size=5000):
            yield f"{subject.name} #{pk} is {state}, a state without a deadline, but has a due time"


def _moment(value) -> str:
    return "none" if value is None else f"{timezone.localtime(value):%Y-%m-%d %H:%M:%S}"


def duration_violations(days: int | None = None) -> Iterator[str]:
    yield from _listed(_durations(DURATION_DAYS if days is None else days), "transitions without a duration")


def _durations(days: int) -> Iterator[str]:
    """One query: the transitions since `days` ago of subjects with a clock (not creations) without
    office minutes, whose start is known (an order's, or one with an earlier transition of its item)."""
    names = [s.name for s in _clock_subjects()]
    earlier = (AuditEntry.objects.filter(subject=OuterRef("subject"), object_id=OuterRef("object_id"))
               .exclude(to_state="")
               .filter(Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), pk__lt=OuterRef("pk"))))
    missing = (AuditEntry.objects.filter(at__gte=timezone.now() - timedelta(days=days), subject__in=names,
                                         office_minutes__isnull=True)
               .exclude(to_state="").exclude(from_state="")
               .filter(Q(subject="order") | Exists(earlier))
               .order_by("at", "pk").values_list("pk", "code", "subject", "object_id", "at"))
    for pk, code, subject, object_id, at in missing.iterator(chunk_size=5000):
        yield (f"audit entry #{pk} ({code}, {subject} #{object_id}, {_moment(at)}) has no office minutes "
               f"although its start is known")


CHECKS = {
    "payments": payment_violations,
    "report numbers": report_number_violations,
    "audit trail": audit_trail_violations,
    "due times": due_time_violations,
    "step durations": duration_violations,
}


def all_violations(duration_days: int | None = None) -> list[str]:
    checks = dict(CHECKS)
    if duration_days is not None:
        checks["step durations"] = lambda: duration_violations(duration_days)
    return [f"[{name}] {problem}" for name, check in checks.items() for problem in check()]
