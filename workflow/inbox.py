"""Inboxes: for each role a person holds, the items waiting for that role, oldest first.

Which states wait for which role comes from the SOP table; which items of those a person may touch
comes from the same scope rules the services enforce.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from accounts.roles import SYSTEM, Role
from workflow.sla import Clock, clock_for
from workflow.table import TRANSITIONS, step_row_for, waiting_states
from workflow.worktime import office_calendar


def _queryset(role: str, subject: str, user, states: list[str]):
    from accounts.models import User
    from orders.access import instrument_scope_q
    from orders.models import Instrument, Order

    if subject == "account":
        if role != Role.ADMIN:
            return None
        return User.objects.filter(state__in=states, roles__role=Role.PELANGGAN, email_verified=True).select_related("company")
    if subject == "order":
        qs = Order.objects.filter(state__in=states).select_related("company")
        if role == Role.PELANGGAN:
            qs = qs.filter(company_id=user.company_id or -1)
        elif role == Role.KEPALA_BALAI:
            qs = qs.filter(signer=user)
        elif role in (Role.PENYELIA, Role.ANALIS):
            return None
        return qs
    qs = Instrument.objects.filter(state__in=states).select_related("order", "order__company", "instrument_type")
    scope = instrument_scope_q(user, role)
    if scope is not None and role == Role.ANALIS:
        # Through the analyst's parameters (many per instrument): a subquery, so no row repeats.
        qs = qs.filter(Q(pk__in=Instrument.objects.filter(scope).values("pk")))
    elif scope is not None:
        qs = qs.filter(scope)  # directly, so the (laboratory, state) index serves it
    return qs


@dataclass
class InboxItem:
    subject: str
    obj: object
    clock: Clock | None

    @property
    def sent_back(self) -> bool:
        """Whether the item came back to this inbox from a later step (price rejected, results returned...)."""
        return getattr(self.obj, "sent_back_code", None) is not None

    @property
    def sent_back_reason(self) -> str:
        return getattr(self.obj, "sent_back_note", None) or ""


def send_back_rows():
    """Branches a person takes that put an item back to an earlier SOP step: the price rejected (back to
    CS), the proof of payment rejected, the assignment or the results returned. Read from the table:
    a branch whose target waits for an earlier step than its source does."""
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
    """Annotate each row with the send-back that put it in its current state, if one did: its code and
    note (the reason), read by a subquery of the same query, so the inbox makes no query per row."""
    from django.db.models import OuterRef, Subquery

    from workflow.models import AuditEntry

    rows = [t for t in send_back_rows() if t.subject == subject]
    if not rows:
        return qs
    link = "order" if subject == "order" else "instrument"
    latest = (AuditEntry.objects.filter(**{link: OuterRef("pk")}, subject=subject, code__in={t.code for t in rows},
                                        to_state=OuterRef("state"), at__gte=OuterRef("state_entered_at"))
              .order_by("-at", "-id"))
    return qs.annotate(sent_back_code=Subquery(latest.values("code")[:1]),
                       sent_back_note=Subquery(latest.values("note")[:1]))


def inbox_querysets(user, role: str):
    for subject in ("account", "order", "instrument"):
        states = waiting_states(role, subject)
        if not states:
            continue
        qs = _queryset(role, subject, user, states)
        if qs is not None:
            yield subject, qs


INBOX_PAGE_ITEMS = 50  # per subject: the oldest first; rendering every clock of a long queue costs CPU for nothing


def inbox(user, role: str, limit: int = INBOX_PAGE_ITEMS) -> list[InboxItem]:
    calendar = office_calendar()
    now = timezone.now()
    items: list[InboxItem] = []
    for subject, qs in inbox_querysets(user, role):
        if subject != "account":
            qs = _mark_sent_back(subject, qs)
        for obj in qs.order_by("state_entered_at")[:limit]:
            items.append(InboxItem(subject, obj, clock_for(calendar, subject, obj.state, obj.state_entered_at, now)))
    items.sort(key=lambda item: item.obj.state_entered_at)
    return items


def inbox_counts(user) -> dict[str, int]:
    counts = {}
    for role in Role.values:
        if role not in user.role_codes:
            continue
        counts[role] = sum(qs.count() for _subject, qs in inbox_querysets(user, role))
    return counts
