"""Signing authority: the head of centre by role, or an acting head (Plh./Plt.) by a delegation the
admin granted for a period. This is the one place that decides who may sign step 19 today.

Each unit (satker) has its own head: the role KEPALA_BALAI held in that unit (`accounts.UserRole.unit`).
An acting head acts for the units where they hold a staff role. A unit's reports are signed only by
its own head or acting head (issue #18); `unit=None` below asks about any unit.

The SOP table names the head of centre (KEPALA_BALAI) as the actor of step 19 and stays as it is; an
active delegation lends that role for the signing decision only (`workflow.engine.authorize(...,
delegated_roles=...)`), so the state, scope and audit rules are the engine's as for everybody else.
"""
from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from certificates.models import SigningDelegation
from workflow import registry
from workflow.engine import TransitionNotAllowed, authorize


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def active_delegation(user, on: dt.date | None = None) -> SigningDelegation | None:
    """The delegation that gives `user` signing authority on `on` (today), if any."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    day = _today(on)
    return (SigningDelegation.objects.filter(user=user, starts_on__lte=day, ends_on__gte=day)
            .order_by("-starts_on", "-id").first())


def _unit_id(unit) -> int | None:
    return getattr(unit, "pk", unit)


def is_head_of_centre(user, unit=None) -> bool:
    """Whether `user` is the head of centre of `unit` (a Unit or its id; None: of any unit)."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    if unit is None:
        return user.has_role(Role.KEPALA_BALAI)
    return user.roles.filter(role=Role.KEPALA_BALAI, unit_id=_unit_id(unit)).exists()


def _serves(user, unit) -> bool:
    """Whether `user` holds a staff role in `unit` (None: anywhere): the units an acting head acts for."""
    return unit is None or user.roles.filter(unit_id=_unit_id(unit)).exists()


def delegated_roles(user, on: dt.date | None = None, unit=None) -> frozenset[str]:
    """The roles `user` holds today by delegation only: {KEPALA_BALAI} for an acting head (of `unit`),
    else none."""
    if is_head_of_centre(user, unit) or active_delegation(user, on) is None or not _serves(user, unit):
        return frozenset()
    return frozenset({Role.KEPALA_BALAI})


def may_sign(user, on: dt.date | None = None, unit=None) -> bool:
    """Whether `user` may sign reports of `unit` (None: of some unit) today: its head of centre, or an
    acting head within the period."""
    return is_head_of_centre(user, unit) or (active_delegation(user, on) is not None and _serves(user, unit))


def unit_id_of(obj) -> int | None:
    """The unit an order, a report or a report change belongs to (through the registered subject)."""
    subject = registry.subject_of(obj)
    return subject.unit_id_of(obj) if subject is not None else None


def authorize_signing(obj, user, code: str = "order.sign"):
    """The engine's authorisation of step 19 (or a report's signature) for `user`, counting an active
    acting-head delegation; refused, with the reason, to the head of another unit."""
    unit = unit_id_of(obj)
    row = authorize(obj, code, user, delegated_roles=delegated_roles(user, unit=unit))
    if unit is not None and not may_sign(user, unit=unit):
        from units.models import Unit

        name = Unit.objects.filter(pk=unit).values_list("name", flat=True).first() or ""
        raise TransitionNotAllowed(_("E-LHU %(unit)s hanya ditandatangani oleh Kepala (atau Plh./Plt. Kepala) unit "
                                     "itu; Anda bukan pimpinan unit tersebut.") % {"unit": name})
    return row


def signer_position(user, on: dt.date | None = None, unit=None) -> str:
    """The position printed under the signature: the acting title within a delegation, otherwise the
    person's own position (or "Kepala <the unit>", of `unit`, the default unit when none)."""
    if not is_head_of_centre(user, unit):
        delegation = active_delegation(user, on)
        if delegation is not None:
            return delegation.title_in(unit)
    return getattr(user, "position", "") or f"Kepala {_unit_name(unit)}"


def _unit_name(unit) -> str:
    from units.current import default_unit
    from units.models import Unit

    if unit is None:
        return default_unit().name
    if isinstance(unit, Unit):
        return unit.name
    return Unit.objects.filter(pk=unit).values_list("name", flat=True).first() or default_unit().name


def acting_user_ids(on: dt.date | None = None, unit=None):
    """Ids of the people with signing authority by delegation on `on` (today), for `unit` (None: any)."""
    day = _today(on)
    delegations = SigningDelegation.objects.filter(starts_on__lte=day, ends_on__gte=day)
    if unit is not None:
        delegations = delegations.filter(user__roles__unit_id=_unit_id(unit))
    return delegations.values("user_id")


def _delegation_data(delegation: SigningDelegation) -> dict:
    return {"delegation": delegation.pk, "kind": delegation.kind, "starts_on": str(delegation.starts_on),
            "ends_on": str(delegation.ends_on), "position": delegation.position_title}


def save_delegation(admin, delegation: SigningDelegation, *, new: bool) -> SigningDelegation:
    """The admin grants or changes an acting head's signing authority; the audit trail keeps it."""
    from django.db import transaction

    from workflow.engine import acting_role, record

    with transaction.atomic():
        if new:
            delegation.granted_by = admin
        delegation.save()
        record("signing.delegation_saved", admin, acting_role(admin, Role.ADMIN), account=delegation.user,
               note=str(delegation), data=_delegation_data(delegation))
    return delegation


def delete_delegation(admin, delegation: SigningDelegation) -> None:
    """Withdrawing a delegation (a mistaken grant) is audited like granting one."""
    from django.db import transaction

    from workflow.engine import acting_role, record

    with transaction.atomic():
        data, note, person = _delegation_data(delegation), str(delegation), delegation.user
        delegation.delete()
        record("signing.delegation_deleted", admin, acting_role(admin, Role.ADMIN), account=person, note=note,
               data=data)
