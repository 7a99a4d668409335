"""Applying a row of the SOP table to a locked object. Only services call this.

A service opens the transaction, locks its row with select_for_update, calls `authorize` (role,
state, scope), does its own work, then `apply` saves the new state with update_fields, appends the
audit entry and schedules the notification for after the commit.
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts.roles import SYSTEM, Role
from workflow.models import AuditEntry
from workflow.signals import transition_done
from workflow.table import Transition, rows_for

# Where each subject's scope rule lives: (user, role, obj) -> bool.
SCOPE_RULES = {
    "account": "accounts.access.account_in_scope",
    "order": "orders.access.order_in_scope",
    "instrument": "orders.access.instrument_in_scope",
}


class TransitionNotAllowed(Exception):
    """The transition may not happen: the message says why, in words for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _state_label(subject: str, state: str) -> str:
    from workflow.states import STATES_BY_SUBJECT

    choices = STATES_BY_SUBJECT[subject]
    try:
        return str(choices(state).label)
    except ValueError:
        return state


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
    name = transition_name(rows[0])
    if user is None:
        held = {SYSTEM}
    else:
        if not user.is_active and rows[0].subject != "account":
            raise TransitionNotAllowed(_("Akun Anda tidak aktif."))
        held = set(user.role_codes) | set(delegated_roles)
    mine = [r for r in rows if r.actor in held]
    if not mine:
        raise TransitionNotAllowed(
            _("Peran Anda tidak berwenang untuk langkah “%(name)s”.") % {"name": name})
    in_state = [r for r in mine if obj.state in r.sources]
    if not in_state:
        if any(obj.state == r.target for r in mine):
            raise TransitionNotAllowed(
                _("Langkah “%(name)s” sudah dilakukan untuk %(obj)s.") % {"name": name, "obj": obj})
        raise TransitionNotAllowed(
            _("Langkah “%(name)s” tidak dapat dilakukan: %(obj)s berstatus “%(state)s”.")
            % {"name": name, "obj": obj, "state": _state_label(rows[0].subject, obj.state)})
    if user is None:
        return in_state[0]
    rule = import_string(SCOPE_RULES[rows[0].subject])
    for row in in_state:
        if rule(user, row.actor, obj):
            return row
    raise TransitionNotAllowed(_("%(obj)s bukan bagian dari pekerjaan Anda.") % {"obj": obj})


def apply(obj, row: Transition, user, *, note: str = "", fields=(), data=None, order=None) -> AuditEntry:
    """Move `obj` along `row` and record it. Call inside the service's transaction, after authorize."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transitions run inside the service's transaction")
    now = timezone.now()
    from_state = obj.state
    obj.state = row.target
    obj.state_entered_at = now
    obj.save(update_fields=["state", "state_entered_at", *fields])
    links = {"account": None, "order": None, "instrument": None}
    if row.subject == "account":
        links["account"] = obj
    elif row.subject == "order":
        links["order"] = obj
    else:
        links["instrument"] = obj
        links["order"] = order or obj.order
    entry = AuditEntry.objects.create(
        at=now, actor=user, role=row.actor if user is not None else SYSTEM, code=row.code, step=row.step,
        subject=row.subject, from_state=from_state, to_state=row.target, note=note, data=data or {}, **links,
    )
    transaction.on_commit(lambda: transition_done.send(sender=row.subject, row=row, obj=obj, entry=entry),
                          robust=True)
    return entry


def record(code: str, user, role: str, *, order=None, instrument=None, account=None, note="", data=None):
    """Append an audit entry for an action that changes no state (a download, a document, an edit)."""
    subject = "instrument" if instrument else "order" if order else "account"
    return AuditEntry.objects.create(
        actor=user, role=role, code=code, subject=subject, order=order or (instrument.order if instrument else None),
        instrument=instrument, account=account, note=note, data=data or {},
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
    from workflow.table import TRANSITIONS

    codes = {t.code for t in TRANSITIONS if t.subject == subject and t.actor != SYSTEM and obj.state in t.sources
             and t.actor in user.role_codes}
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
