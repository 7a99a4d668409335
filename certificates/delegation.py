"""Signing authority: the head of centre by role, or an acting head (Plh./Plt.) by a delegation the
admin granted for a period. This is the one place that decides who may sign step 19 today.

The SOP table names the head of centre (KEPALA_BALAI) as the actor of step 19 and stays as it is; an
active delegation lends that role for the signing decision only (`workflow.engine.authorize(...,
delegated_roles=...)`), so the state, scope and audit rules are the engine's as for everybody else.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from accounts.roles import Role
from certificates.models import SigningDelegation
from workflow.engine import authorize


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def active_delegation(user, on: dt.date | None = None) -> SigningDelegation | None:
    """The delegation that gives `user` signing authority on `on` (today), if any."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    day = _today(on)
    return (SigningDelegation.objects.filter(user=user, starts_on__lte=day, ends_on__gte=day)
            .order_by("-starts_on", "-id").first())


def is_head_of_centre(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.has_role(Role.KEPALA_BALAI))


def delegated_roles(user, on: dt.date | None = None) -> frozenset[str]:
    """The roles `user` holds today by delegation only: {KEPALA_BALAI} for an acting head, else none."""
    if is_head_of_centre(user) or active_delegation(user, on) is None:
        return frozenset()
    return frozenset({Role.KEPALA_BALAI})


def may_sign(user, on: dt.date | None = None) -> bool:
    """Whether `user` may sign reports today (head of centre, or acting head within the period)."""
    return is_head_of_centre(user) or active_delegation(user, on) is not None


def authorize_signing(order, user, code: str = "order.sign"):
    """The engine's authorisation of step 19 for `user`, counting an active acting-head delegation."""
    return authorize(order, code, user, delegated_roles=delegated_roles(user))


def signer_position(user, on: dt.date | None = None) -> str:
    """The position printed under the signature: the acting title within a delegation, otherwise the
    person's own position (or "Kepala <centre>")."""
    if not is_head_of_centre(user):
        delegation = active_delegation(user, on)
        if delegation is not None:
            return delegation.position_title
    return getattr(user, "position", "") or f"Kepala {settings.BALAI_NAME}"


def acting_user_ids(on: dt.date | None = None):
    """Ids of the people with signing authority by delegation on `on` (today)."""
    day = _today(on)
    return SigningDelegation.objects.filter(starts_on__lte=day, ends_on__gte=day).values("user_id")


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
