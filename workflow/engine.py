"""Applying a row of the SOP table to a locked object. Only services call this.

A service opens the transaction, locks its row with select_for_update, calls `authorize` (role,
state, scope), does its own work, then `apply` saves the new state with update_fields, appends the
audit entry and schedules the notification for after the commit.
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import SYSTEM, Role
from workflow import registry
from workflow.clock import due_for
from workflow.models import AuditEntry
from workflow.signals import transition_done
from workflow.table import Transition, rows_for
from workflow.worktime import office_calendar


class TransitionNotAllowed(Exception):
    """The transition may not happen: the message says why, in words for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _state_label(subject: str, state: str) -> str:
    return registry.subject(subject).state_label(state)


def transition_name(row: Transition) -> str:
    from django.utils.translation import get_language

    return row.name_en if (get_language() or "id").startswith("en") else row.name_id


def authorize(obj, code: str, user, *, delegated_roles=()) -> Transition:
    """The table row that lets `user` take `code` on `obj` now, or TransitionNotAllowed.

    `delegated_roles`: roles the caller has checked `user` holds today by delegation (an acting head
    of centre, see certificates.delegation); they count as held for this one decision."""
    rows = rows_for(code)
    if not rows:
        raise ValueError(f"unknown transition {code}")
    subject = registry.subject(rows[0].subject)
    state = subject.state_of(obj)
    if user is None:
        held = {SYSTEM}
    else:
        if not user.is_active and rows[0].subject != "account":
            raise TransitionNotAllowed(_("Akun Anda tidak aktif."))
        held = set(user.role_codes) | set(delegated_roles)
    mine = [r for r in rows if r.actor in held]
    if not mine:
        raise TransitionNotAllowed(
            _("Peran Anda tidak berwenang untuk langkah “%(name)s”.") % {"name": transition_name(rows[0])})
    in_state = [r for r in mine if state in r.sources]
    if not in_state:
        if any(state == r.target for r in mine):
            raise TransitionNotAllowed(
                _("Langkah “%(name)s” sudah dilakukan untuk %(obj)s.") % {"name": transition_name(rows[0]), "obj": obj})
        raise TransitionNotAllowed(
            _("Langkah “%(name)s” tidak dapat dilakukan: %(obj)s berstatus “%(state)s”.")
            % {"name": transition_name(rows[0]), "obj": obj, "state": subject.state_label(state)})
    if user is None:
        return in_state[0]
    rule = subject.scope_rule()
    for row in in_state:
        if rule is None or rule(user, row.actor, obj):
            return row
    raise TransitionNotAllowed(_("%(obj)s bukan bagian dari pekerjaan Anda.") % {"obj": obj})


def authorize_creation(code: str, user, obj=None) -> Transition:
    """The row of a lifecycle's first step (a row with no source state: the item comes into being)
    that `user` may take — on `obj`, the new item with its parents attached, when the subject has a
    scope rule — or TransitionNotAllowed. `user=None` is the system."""
    rows = [r for r in rows_for(code) if not r.sources]
    if not rows:
        raise ValueError(f"no creation row {code}")
    if user is None:
        system = [r for r in rows if r.actor == SYSTEM]
        if not system:
            raise TransitionNotAllowed(_("Langkah “%(name)s” dilakukan oleh petugas, bukan sistem.")
                                       % {"name": transition_name(rows[0])})
        return system[0]
    if not user.is_active:
        raise TransitionNotAllowed(_("Akun Anda tidak aktif."))
    mine = [r for r in rows if r.actor in user.role_codes]
    if not mine:
        raise TransitionNotAllowed(
            _("Peran Anda tidak berwenang untuk langkah “%(name)s”.") % {"name": transition_name(rows[0])})
    rule = registry.subject(rows[0].subject).scope_rule()
    for row in mine:
        if obj is None or rule is None or rule(user, row.actor, obj):
            return row
    raise TransitionNotAllowed(_("%(obj)s bukan bagian dari pekerjaan Anda.") % {"obj": obj})


def create(obj, code: str, user, *, note: str = "", data=None, order=None) -> AuditEntry:
    """Bring a new item into its lifecycle: authorize the creation row, save the item in the row's
    target state (with its clock) and append the audit entry, as `apply` does for a move. Call inside
    the service's transaction, with the parents it belongs to locked. An item the service had to save
    first (its children or files need its id) is saved again with only the state and clock."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transitions run inside the service's transaction")
    row = authorize_creation(code, user, obj)
    subject = registry.subject(row.subject)
    now = timezone.now()
    setattr(obj, subject.state_field, row.target)
    update = [subject.state_field]
    if subject.clock:
        obj.state_entered_at = now
        obj.due_at = due_for(office_calendar(subject.unit_id_of(obj)), row.subject, row.target, now)
        update += ["state_entered_at", "due_at"]
    if obj.pk is not None:
        obj.save(update_fields=update)
    else:
        obj.save()
    entry = AuditEntry.objects.create(
        at=now, actor=user, role=row.actor if user is not None else SYSTEM, code=row.code, step=row.step,
        subject=row.subject, from_state="", to_state=row.target, note=note, data=data or {},
        **_links(subject, obj, order),
    )
    transaction.on_commit(lambda: transition_done.send(sender=row.subject, row=row, obj=obj, entry=entry),
                          robust=True)
    return entry


def _links(subject: registry.Subject, obj, order=None) -> dict:
    """The audit entry's fixed links: the order (for the timeline) and the account, found through the
    subject's paths, and the item itself under its own foreign key where the entry has one."""
    links = {"object_id": obj.pk}
    if subject.audit_fk:
        links[subject.audit_fk] = obj
    if "order" not in links and subject.order_path is not None:
        if order is not None:
            links["order"] = order
        else:
            links["order_id"] = subject.order_id_of(obj)
    if "order" in links:  # the unit of the order, for the unit's reports (AuditEntry.unit)
        links["unit_id"] = links["order"].unit_id
    elif links.get("order_id") is not None:
        links["unit_id"] = subject.unit_id_of(obj)
    if "account" not in links and subject.account_path:
        links["account_id"] = subject.account_id_of(obj)
    if "instrument" not in links and subject.instrument_path:
        links["instrument_id"] = subject.instrument_id_of(obj)
    return links


def apply(obj, row: Transition, user, *, note: str = "", fields=(), data=None, order=None) -> AuditEntry:
    """Move `obj` along `row` and record it. Call inside the service's transaction, after authorize.

    For a subject with a clock, the item's `state_entered_at` and `due_at` (the office-time deadline
    of the step it now waits in, from that step's norm) are written with the state, and the audit
    entry keeps the office minutes the item spent in the state it leaves."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transitions run inside the service's transaction")
    subject = registry.subject(row.subject)
    now = timezone.now()
    from_state = subject.state_of(obj)
    setattr(obj, subject.state_field, row.target)
    update = [subject.state_field, *fields]
    minutes = None
    if subject.clock:
        calendar = office_calendar(subject.unit_id_of(obj))  # the clock of the item's unit
        entered = obj.state_entered_at
        if entered is not None and from_state:
            minutes = calendar.office_minutes_between(entered, now)
        obj.state_entered_at = now
        obj.due_at = due_for(calendar, row.subject, row.target, now)
        update += ["state_entered_at", "due_at"]
    obj.save(update_fields=update)
    entry = AuditEntry.objects.create(
        at=now, actor=user, role=row.actor if user is not None else SYSTEM, code=row.code, step=row.step,
        subject=row.subject, from_state=from_state, to_state=row.target, note=note, data=data or {},
        office_minutes=minutes, **_links(subject, obj, order),
    )
    transaction.on_commit(lambda: transition_done.send(sender=row.subject, row=row, obj=obj, entry=entry),
                          robust=True)
    return entry


def record(code: str, user, role: str, *, order=None, instrument=None, account=None, about=None, note="",
           data=None):
    """Append an audit entry for an action that changes no state (a download, a document, an edit).
    `about`: the registered subject's item it is about (a complaint, a billing...); otherwise the
    instrument, the order or the account given."""
    item = next((x for x in (about, instrument, order, account) if x is not None), None)
    subject = registry.subject_of(item) if item is not None else None
    links = _links(subject, item, order) if subject is not None else {}
    if account is not None:
        links.pop("account_id", None)
        links["account"] = account
    return AuditEntry.objects.create(
        actor=user, role=role, code=code, subject=subject.name if subject else "", note=note, data=data or {},
        **links,
    )


def lock(model, pk):
    """The row, locked for this transaction."""
    return model.objects.select_for_update().get(pk=pk)


def lock_order_and_instrument(instrument_id):
    """The instrument's order and the instrument, locked in the one lock order every service keeps
    (the order, then its instruments by id, then its documents; docs/decisions.md), so two services
    never wait on each other's rows. The order is found through the instrument (only the order's row
    locked by that query), then the instrument is locked."""
    from django.apps import apps

    instrument_model, order_model = apps.get_model("orders", "Instrument"), apps.get_model("orders", "Order")
    try:
        order = order_model.objects.select_for_update(of=("self",)).get(instruments__pk=instrument_id)
    except order_model.DoesNotExist:
        raise instrument_model.DoesNotExist(f"no instrument {instrument_id}") from None
    inst = instrument_model.objects.select_for_update().get(pk=instrument_id, order_id=order.pk)
    inst.order = order
    return order, inst


def acting_role(user, *candidates: str) -> str:
    """The first of `candidates` the user holds (for audit entries of non-transition actions)."""
    for role in candidates:
        if user is not None and user.has_role(role):
            return role
    return Role.PELANGGAN if user is not None and user.is_customer else SYSTEM


def can(obj, code: str, user) -> bool:
    """Whether `user` could take `code` on `obj` now (for showing buttons; services check again)."""
    try:
        authorize(obj, code, user)
    except TransitionNotAllowed:
        return False
    return True


def allowed_codes(obj, subject: str, user) -> set[str]:
    from workflow.table import codes_leaving

    state = registry.subject(subject).state_of(obj)
    held = user.role_codes
    codes = {code for actor, codes in codes_leaving(subject, state).items() if actor in held for code in codes}
    return {code for code in codes if can(obj, code, user)}


def apply_with_reason(model, pk, code: str, user, reason: str, *, missing: str, field: str = "", locker=None,
                      **values):
    """The shape of every step that needs a reason: refuse an empty one (`missing` says what to write),
    lock the row, authorize, keep the reason in `field` (if given) and any other `values`, and apply with
    the reason as the audit note. `locker(pk)` locks the row when it needs its parents locked first.
    Returns the moved object."""
    from django.core.exceptions import ValidationError

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(missing)
    with transaction.atomic():
        obj = locker(pk) if locker else lock(model, pk)
        row = authorize(obj, code, user)
        if field:
            values[field] = reason
        for name, value in values.items():
            setattr(obj, name, value)
        apply(obj, row, user, note=reason, fields=list(values))
    return obj
