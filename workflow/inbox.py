"""Inboxes: for each role a person holds, the items waiting for that role, the earliest due first.

Which states wait for which role comes from the SOP table; which items of those a person may touch
comes from the same scope rules the services enforce.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import timezone as dt_timezone

from django.core.exceptions import EmptyResultSet
from django.db import router
from django.db.models import F
from django.utils import timezone

from accounts.roles import SYSTEM, UNITLESS_ROLES, Role
from units.current import covers_every_unit, default_unit_id
from workflow.inbox_query import Compiled, is_prepared, known, page_querysets, reader_values, shape, stand_in
from workflow.registry import SUBJECTS
from workflow.sla import Clock, clock_for
from workflow.table import TRANSITIONS, step_row_for, waiting_states
from workflow.worktime import UnitCalendars


@dataclass
class InboxItem:
    subject: str
    obj: object
    clock: Clock | None

    @property
    def sent_back(self) -> bool:
        """Whether the item came back to this inbox from a later step (price rejected, results returned...):
        the send-back's note was read (a note is never NULL, so NULL is no send-back; empty, one without a
        reason)."""
        return getattr(self.obj, "sent_back_note", None) is not None

    @property
    def sent_back_reason(self) -> str:
        return getattr(self.obj, "sent_back_note", None) or ""


_SEND_BACK: list = [-1, []]  # (how many rows the table had, its send-back rows): read again if it grew


def send_back_rows():
    """Branches a person takes that put an item back to an earlier SOP step: the price rejected (back to
    CS), the proof of payment rejected, the assignment or the results returned. Read from the table:
    a branch whose target waits for an earlier step than its source does. Worked out once (again only
    when apps register more rows), not on every inbox read."""
    if _SEND_BACK[0] != len(TRANSITIONS):
        _SEND_BACK[1] = _send_back_rows()
        _SEND_BACK[0] = len(TRANSITIONS)
    return list(_SEND_BACK[1])


def _send_back_rows():
    rows = []
    for t in TRANSITIONS:
        if not t.is_branch or t.actor == SYSTEM:
            continue
        target = step_row_for(t.subject, t.target)
        sources = [step_row_for(t.subject, s) for s in t.sources]
        if target is not None and any(s is not None and s.step > target.step for s in sources):
            rows.append(t)
    return rows


def _mark_sent_back(subject: str, qs):
    """Annotate each row with the send-back that put it in its current state, if one did: its note (the
    reason; NULL when there was none, as an audit note is never NULL), read by a subquery of the same
    query, so the inbox makes no query per row."""
    from django.db.models import OuterRef, Subquery

    from workflow.models import AuditEntry

    rows = [t for t in send_back_rows() if t.subject == subject]
    if not rows:
        return qs
    state_field = SUBJECTS[subject].state_field
    latest = (AuditEntry.objects.filter(subject=subject, object_id=OuterRef("pk"), code__in={t.code for t in rows},
                                        to_state=OuterRef(state_field), at__gte=OuterRef("state_entered_at"))
              .order_by("-at", "-id"))
    return qs.annotate(sent_back_note=Subquery(latest.values("note")[:1]))


def _units(user, role: str):
    """The units where `user` holds `role` (None for a role held in no unit: the customer's is national),
    and whether they are every unit (then no filter, as unit_q leaves it out: asked once here rather than
    once per subject, each asking the shared cache for the units)."""
    units = None if role in UNITLESS_ROLES else sorted(user.role_units.get(role, ()))
    return units, units is not None and covers_every_unit(units)


def _subject_queryset(subject, user, role: str, states, units, every: bool):
    qs = subject.inbox_queryset(user, role, states)
    if qs is not None:
        path = subject.unit_path()
        if units is not None and path is not None and not every:
            qs = qs.filter(**{f"{path}__in": units})  # registry.unit_q's filter, its every-unit case checked above
    return qs


_WAITING: dict = {}  # (role, subject) -> its waiting states, while the table has as many rows


def _waiting_states(role: str, subject: str) -> list[str]:
    key = (role, subject, len(TRANSITIONS))
    states = _WAITING.get(key)
    if states is None:
        states = _WAITING[key] = waiting_states(role, subject)
    return states


def inbox_querysets(user, role: str):
    """Per registered subject, the items waiting for `role` that `user` may act on (the subject's own
    inbox query, given the states the table says wait for that role), of the units where `user` holds
    `role` (a staff role is held in a unit; the customer's is national)."""
    units, every = _units(user, role)
    for subject in SUBJECTS.values():
        states = _waiting_states(role, subject.name)
        if not states:
            continue
        qs = _subject_queryset(subject, user, role, states, units, every)
        if qs is not None:
            yield subject.name, qs


_NEVER = datetime.max.replace(tzinfo=dt_timezone.utc)  # items with no time sort last
INBOX_PAGE_ITEMS = 50  # per subject: the most urgent first; rendering every clock of a long queue costs CPU for nothing
_URGENT_FIRST = (F("due_at").asc(nulls_last=True), "state_entered_at", "pk")


def _urgency(item: InboxItem):
    due = getattr(item.obj, "due_at", None)
    entered = getattr(item.obj, "state_entered_at", None)
    return (due is None, due or entered or _NEVER, entered or _NEVER)


def inbox(user, role: str, limit: int = INBOX_PAGE_ITEMS) -> list[InboxItem]:
    """The items waiting for `role`, the earliest due first (their stored `due_at`, sorted in SQL),
    then those with no norm, oldest first. Each clock runs on its item's unit's calendar (fetched once
    per unit for the page; the unit's id comes with the row)."""
    return inbox_page(user, role, limit)[0]


def _page_query(subject, qs, limit: int, markers=()) -> Compiled | None:
    """The statement of a subject's page (workflow.inbox_query): its most urgent `limit` items, with
    the columns the inbox shows, the send-back that put each there, its unit (for its clock's calendar)
    and how many wait in all."""
    if subject.inbox_columns:
        clock_fields = ("state_entered_at", "due_at") if subject.clock else ()
        qs = qs.only(subject.state_field, *clock_fields, *subject.inbox_columns)
    unit_path = subject.unit_path()

    def annotate(rows):
        if subject.clock:
            rows = _mark_sent_back(subject.name, rows)
            if unit_path:
                rows = rows.annotate(clock_unit_id=F(unit_path))
        return rows

    order = _URGENT_FIRST if subject.clock else ("pk",)  # no stored clock: the order they came in
    top, rows = page_querysets(subject, qs, limit, order, annotate)
    try:
        return Compiled(top, rows, markers)
    except EmptyResultSet:  # a filter no row can pass (a role held in no unit): nothing to read
        return None


def _page_rows(subject, user, role: str, states, units, every: bool, limit: int) -> list:
    """The models of a subject's page: its statement compiled once per shape (and run with `user`'s
    values) when its inbox function is marked prepared, else compiled now."""
    if not is_prepared(subject):
        qs = _subject_queryset(subject, user, role, states, units, every)
        compiled = None if qs is None else _page_query(subject, qs, limit)
        return [] if compiled is None else compiled.run()
    queries = known(router.db_for_read(subject.model_class()))  # the database its reads go to (core.replica)
    key = (subject.name, *shape(user, role, states, limit, units, every, len(TRANSITIONS)))
    values = reader_values(user, units, every)
    if key not in queries:
        reader, reader_units = stand_in(user, role, units, every)
        qs = _subject_queryset(subject, reader, role, states, reader_units, every)
        queries[key] = None if qs is None else _page_query(subject, qs, limit, tuple(values))
    compiled = queries[key]
    return [] if compiled is None else compiled.run(values)


def inbox_page(user, role: str, limit: int = INBOX_PAGE_ITEMS) -> tuple[list[InboxItem], int]:
    """`inbox` and how many items wait in all (each subject's query counts its whole queue in the same
    statement: no second query per subject for a long queue)."""
    calendars = UnitCalendars()
    calendars[default_unit_id()]  # the calendar's version is read once per page, whether rows come or not
    now = timezone.now()
    items: list[InboxItem] = []
    waiting = 0
    units, every = _units(user, role)
    for subject in SUBJECTS.values():
        states = _waiting_states(role, subject.name)
        if not states:
            continue
        name = subject.name
        for n, obj in enumerate(_page_rows(subject, user, role, states, units, every, limit)):
            if not n:
                waiting += obj.inbox_total
            entered = getattr(obj, "state_entered_at", None)
            calendar = calendars[getattr(obj, "clock_unit_id", None) or default_unit_id()]
            clock = (clock_for(calendar, name, subject.state_of(obj), entered, now, due=getattr(obj, "due_at", None))
                     if entered is not None else None)
            items.append(InboxItem(name, obj, clock))
    items.sort(key=_urgency)
    return items, waiting


def inbox_counts(user) -> dict[str, int]:
    counts = {}
    for role in Role.values:
        if role not in user.role_codes:
            continue
        counts[role] = sum(qs.count() for _subject, qs in inbox_querysets(user, role))
    return counts
