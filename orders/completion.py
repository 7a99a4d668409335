"""When the customer can expect the report: the time norms of the SOP steps still ahead, laid end to
end on the office calendar from the moment the order (or its slowest instrument) entered its current
step. Everything comes from `workflow/table.py`; nothing here knows a state by heart except where the
order's road hands over to its instruments (the laboratory) and where the report reaches the customer.
"""
from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from django.utils import timezone

from core.prepared import Prepared
from workflow.sla import due_at
from workflow.states import InstrumentState, OrderState
from workflow.table import TRANSITIONS, Transition, step_row_for
from workflow.worktime import OfficeCalendar

# The report has reached the customer once the order is here (step 20 done).
REPORT_DELIVERED = OrderState.FORWARDED
# While the order is in the laboratory its instruments move; the order moves again once all are done.
IN_LAB = OrderState.IN_LAB
AFTER_LAB = OrderState.RESULTS_READY
NO_DATE_STATES = {OrderState.DRAFT, OrderState.CANCELLED, OrderState.RETURNED}


def _next_row(subject: str, state: str) -> Transition | None:
    """The SOP step that takes an item out of `state`; where only a staff branch leaves it (an expired
    e-billing re-issued), that branch."""
    row = step_row_for(subject, state)
    if row is not None:
        return row
    for t in TRANSITIONS:
        if t.subject == subject and state in t.sources and t.in_inbox:
            return t
    return None


def _chain(subject: str, state: str, stop: str, memo: dict | None = None) -> list[Transition]:
    """The rows an item in `state` passes through until it reaches `stop` (read from the table once per
    page when `memo` is given, not once per row)."""
    key = (subject, state, stop)
    if memo is not None and key in memo:
        return memo[key]
    rows, seen = [], set()
    while state != stop and state not in seen:
        seen.add(state)
        row = _next_row(subject, state)
        if row is None:
            break
        rows.append(row)
        state = row.target
    if memo is not None:
        memo[key] = rows
    return rows


def _walk(calendar: OfficeCalendar, subject: str, state: str, entered_at: datetime, now: datetime,
          stop: str, memo: dict | None = None) -> datetime:
    """When an item in `state` since `entered_at` reaches `stop`, each step taking its norm (a step without
    a norm, like the customer's payment, counts as done at once). The current step is due at its norm
    from `entered_at`, or now when that time has passed."""
    chain = _chain(subject, state, stop, memo)
    if not chain:
        return entered_at
    if now <= entered_at:  # a step is never due before it began: the whole road is laid from entered_at
        return _rest(calendar, subject, state, entered_at, stop, chain, memo, first=0)
    moment = max(due_at(calendar, chain[0], entered_at) or entered_at, now)
    return _rest(calendar, subject, state, moment, stop, chain, memo)


def _rest(calendar: OfficeCalendar, subject: str, state: str, moment: datetime, stop: str, chain, memo,
          first: int = 1) -> datetime:
    """The steps after the current one (from `first`: 0, the current one too), from `moment`. On a page
    of orders most items are past their current step's norm, so their road goes on from the same moment
    (now): laid once per page and calendar (each unit has its own)."""
    key = ("rest", id(calendar), subject, state, stop, moment, first)
    if memo is not None and key in memo:
        return memo[key]
    for minutes, days in _moves(chain, memo, (subject, state, stop), first):
        if days is None:
            moment = calendar.add_office_minutes(moment, minutes)
        else:
            moment = calendar.add_working_days(moment, days)
    if memo is not None:
        memo[key] = moment
    return moment


def _moves(chain, memo, road, first: int = 1) -> list[tuple[int | None, int | None]]:
    """The norms of the steps from `first` (after the current one) as moves on the calendar, (office minutes, None) or
    (None, working days), the office minutes of steps in a row added up: N office minutes and then M are
    N + M office minutes (a step ending at closing time goes on at the next opening), so one move lays
    several steps. A step without a norm moves nothing; a working-days norm, or a norm of zero minutes
    (which moves a moment outside office hours to the next opening), is a move of its own."""
    key = ("moves", *road, first)
    if memo is not None and key in memo:
        return memo[key]
    moves: list[tuple[int | None, int | None]] = []
    run = 0
    for row in chain[first:]:
        if row.norm_minutes is not None and row.norm_minutes > 0:
            run += row.norm_minutes
        elif row.norm_minutes is not None or row.norm_working_days is not None:
            if run:
                moves.append((run, None))
                run = 0
            moves.append((0, None) if row.norm_minutes is not None else (None, row.norm_working_days))
    if run:
        moves.append((run, None))
    if memo is not None:
        memo[key] = moves
    return moves


def expected_completion(order, calendar: OfficeCalendar, now: datetime | None = None,
                        instruments=None, memo: dict | None = None) -> datetime | None:
    """When the report should reach the customer, or None when the order has no date (a draft, a
    cancelled or returned order) or is already past that point."""
    now = now or timezone.now()
    state = order.state
    if state in NO_DATE_STATES:
        return None
    if state == REPORT_DELIVERED or state in (OrderState.SURVEYED, OrderState.COMPLETED):
        return None
    instruments = list(order.instruments.all()) if instruments is None else instruments
    working = [i for i in instruments if i.state != InstrumentState.REJECTED]
    if state == IN_LAB:
        lab_done = max((_walk(calendar, "instrument", i.state, i.state_entered_at, now, InstrumentState.VALIDATED,
                              memo) for i in working), default=now)
        return _walk(calendar, "order", AFTER_LAB, lab_done, lab_done, REPORT_DELIVERED, memo)
    if _before_lab(state, memo):
        reception = _walk(calendar, "order", state, order.state_entered_at, now, IN_LAB, memo)
        lab_done = _walk(calendar, "instrument", InstrumentState.RECEIVED, reception, reception,
                         InstrumentState.VALIDATED, memo)
        return _walk(calendar, "order", AFTER_LAB, lab_done, lab_done, REPORT_DELIVERED, memo)
    return _walk(calendar, "order", state, order.state_entered_at, now, REPORT_DELIVERED, memo)


def _before_lab(state: str, memo: dict | None) -> bool:
    if memo is None:
        return _is_before_lab(state)
    key = ("before-lab", state)
    if key not in memo:
        memo[key] = _is_before_lab(state)
    return memo[key]


def _is_before_lab(state: str) -> bool:
    """Whether the order's road from `state` passes through the laboratory."""
    seen = set()
    while state not in seen:
        seen.add(state)
        if state == IN_LAB:
            return True
        row = _next_row("order", state)
        if row is None:
            return False
        state = row.target
    return False


class _Working(NamedTuple):
    """What the date needs of an instrument in the laboratory."""
    state: str
    state_entered_at: datetime


PAGE = 50  # the instruments of up to this many orders in the laboratory are read by one query


def _lab_query(*order_ids):
    from orders.models import Instrument

    # in no particular order (only the slowest instrument counts): without the join to the orders that the
    # instruments' own ordering needs
    return (Instrument.objects.filter(order_id__in=order_ids).order_by()
            .values_list("order_id", "state", "state_entered_at"))


# Compiled once per process: a page's order ids fill its PAGE places (the last one repeated).
_LAB_INSTRUMENTS = Prepared(_lab_query, arity=PAGE)


def expected_completions(orders, now=None) -> dict[int, datetime | None]:
    """Expected dates for a page of orders, with one calendar and the instruments fetched once."""
    from units.current import default_unit_id
    from workflow.worktime import UnitCalendars

    orders = list(orders)
    calendars = UnitCalendars()  # each order on its unit's clock, one calendar per unit
    by_order: dict[int, list] = {}
    lab_ids = [o.pk for o in orders if o.state == IN_LAB]
    for start in range(0, len(lab_ids), PAGE):
        ids = lab_ids[start:start + PAGE]
        for order_id, state, entered_at in _LAB_INSTRUMENTS(*ids, *[ids[-1]] * (PAGE - len(ids))):
            by_order.setdefault(order_id, []).append(_Working(state, entered_at))
    memo: dict = {}  # the SOP's remaining road from each state, read once for the page
    now = now or timezone.now()
    return {o.pk: expected_completion(o, calendars[o.unit_id or default_unit_id()], now,
                                      instruments=by_order.get(o.pk, []), memo=memo) for o in orders}
