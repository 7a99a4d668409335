"""The order page's timeline: every transition of the order and its instruments, each with the office
time its step took, read as plain rows (an order has dozens of entries: no model, no actor or instrument
model per row; each row's instrument is the page's own)."""
from __future__ import annotations

from django.db.models import Q
from django.utils.translation import get_language

from orders.access import lab_audit_q, laboratory_view

_COLUMNS = ("id", "at", "role", "code", "step", "subject", "from_state", "to_state", "note", "office_minutes",
            "instrument_id", "actor__full_name", "actor__username", "actor__company_id")


def _everyone(order_id):
    from workflow.models import AuditEntry

    return AuditEntry.objects.filter(order_id=order_id).order_by("at", "id").values_list(*_COLUMNS)


def _customers(order_id, company_id):
    """The transitions and the company's own actions, not the centre's internal ones."""
    from workflow.models import AuditEntry
    from workflow.registry import SUBJECTS

    internal = [s.name for s in SUBJECTS.values() if not s.customer_timeline]
    return (AuditEntry.objects.filter(order_id=order_id)
            .filter(~Q(to_state="") | Q(actor__company_id=company_id) | Q(code="handover.recorded"))
            .exclude(subject__in=internal).order_by("at", "id").values_list(*_COLUMNS))


_QUERIES: dict = {}


def _prepared(name):
    """The staff's and the customers' timeline queries, compiled once per process (core.prepared)."""
    if not _QUERIES:
        from core.prepared import Prepared

        _QUERIES.update(everyone=Prepared(_everyone), customers=Prepared(_customers, arity=2))
    return _QUERIES[name]


class TimelineEntry:
    """One audit entry as the timeline shows it (the attributes of AuditEntry it reads)."""

    __slots__ = ("pk", "at", "role", "code", "step", "subject", "from_state", "to_state", "note", "office_minutes",
                 "instrument", "actor", "actor_company_id", "took", "english")

    def __init__(self, row, instruments: dict, english: bool):
        (self.pk, self.at, self.role, self.code, self.step, self.subject, self.from_state, self.to_state, self.note,
         self.office_minutes, instrument_id, full_name, username, self.actor_company_id) = row
        self.instrument = instruments.get(instrument_id) if instrument_id is not None else None
        self.actor = (full_name or username) if username is not None else None  # the name User.__str__ gives
        self.took = None
        self.english = english

    @property
    def label(self) -> str:
        """What happened, in the page's language (AuditEntry.label)."""
        from workflow.registry import label_of

        return label_of(self.code, self.english)


def order_timeline(order, user, calendar, instruments) -> list[TimelineEntry]:
    """The entries `user` sees, oldest first. Customers see the transitions and their own company's
    actions, not the centre's internal ones; a laboratory its own instruments' and the order's steps
    that carry no money. `instruments`: every instrument of the order."""
    from workflow.measure import stored_step_times
    from workflow.models import AuditEntry

    if laboratory_view(user):  # its scope depends on the reader: built for each page
        found = AuditEntry.objects.filter(order_id=order.pk).filter(lab_audit_q(user)).order_by("at", "id") \
            .values_list(*_COLUMNS)
    elif not user.staff_roles:
        found = _prepared("customers")(order.pk, order.company_id)
    else:
        found = _prepared("everyone")(order.pk)
    by_pk = {i.pk: i for i in instruments}
    english = (get_language() or "id").startswith("en")
    rows = [TimelineEntry(row, by_pk, english) for row in found]
    times = stored_step_times(rows, calendar)
    for entry in rows:
        entry.took = times.get(entry.pk)
    return rows
