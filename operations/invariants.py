"""Consistency rules the data must always satisfy, checked by `manage.py check_invariants`.

- every paid order has exactly one payment;
- every issued report number is unique;
- the audit trail replays to the current state: for each order and instrument, its transition entries
  chain (each one starts where the previous ended, the first from the initial state) and the last one
  ends in the state the row holds now. Rows without any transition are in their initial state.

Runs in one pass over the audit entries, so it stays usable at 100 000 orders.
"""
from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Q

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


CHECKS = {
    "payments": payment_violations,
    "report numbers": report_number_violations,
    "audit trail": audit_trail_violations,
}


def all_violations() -> list[str]:
    return [f"[{name}] {problem}" for name, check in CHECKS.items() for problem in check()]
