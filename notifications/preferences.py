"""Which emails a person wants: one row per kind they changed; the kind's default otherwise."""
from __future__ import annotations

from django.db import transaction

from notifications.kinds import ALWAYS_SENT, choosable_kinds, default_for
from notifications.models import EmailPreference


def wants_email(user, kind: str) -> bool:
    if kind in ALWAYS_SENT:
        return True
    enabled = EmailPreference.objects.filter(user=user, kind=kind).values_list("enabled", flat=True).first()
    return default_for(kind) if enabled is None else enabled


def preferences_of(user) -> dict[str, bool]:
    """Every kind the person may choose, with the current choice."""
    saved = dict(EmailPreference.objects.filter(user=user).values_list("kind", "enabled"))
    return {kind.value: saved.get(kind.value, default_for(kind)) for kind in choosable_kinds(user)}


def save_preferences(user, enabled_kinds: set[str]) -> None:
    """Store the person's choice for every kind their settings page shows."""
    with transaction.atomic():
        for kind in choosable_kinds(user):
            EmailPreference.objects.update_or_create(user=user, kind=kind.value,
                                                     defaults={"enabled": kind.value in enabled_kinds})
