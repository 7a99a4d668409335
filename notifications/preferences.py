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


def wanted_emails(pairs) -> set[tuple[int, str]]:
    """The (person id, kind) pairs among `pairs` whose email the person wants, as `wants_email`
    decides, read in one query for all of them."""
    pairs = set(pairs)
    asked = {(user_id, kind) for user_id, kind in pairs if kind not in ALWAYS_SENT}
    saved: dict[tuple[int, str], bool] = {}
    if asked:
        rows = EmailPreference.objects.filter(user_id__in={u for u, _k in asked}, kind__in={k for _u, k in asked})
        saved = {(user_id, kind): enabled for user_id, kind, enabled in rows.values_list("user_id", "kind", "enabled")}
    return {(user_id, kind) for user_id, kind in pairs
            if kind in ALWAYS_SENT or saved.get((user_id, kind), default_for(kind))}


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
