"""The sidebar's inbox counts are cached per person (templates/base.html caches the sidebar under
`version(user)`), so a page does not count every inbox of its reader. The cache is shared by every web
process (settings.CACHES). A version is kept per role (per company for customers), shared by the role's
holders in every unit: a transition in one unit renews the other units' counts too, which are then
counted again (each person's counts are of their own unit, workflow.inbox); a transition bumps
the versions of the roles that wait on the state the item left or entered, after its commit, so a
count never lags behind a step someone has just done. What changes inboxes without a transition (an
assignment of scope, data loaded in bulk) shows within SIDEBAR_SECONDS."""
from __future__ import annotations

import time

from django.core.cache import cache

from accounts.roles import Role

SIDEBAR_SECONDS = 30  # how long a sidebar (with its counts) is kept at most
_PREFIX = "inbox-version"
_ANY = "transition-version"


def _key(role: str, company_id=None) -> str:
    return f"{_PREFIX}:{role}:{company_id}" if role == Role.PELANGGAN else f"{_PREFIX}:{role}"


def _roles_waiting(subject: str, states) -> set[str]:
    from workflow.table import TRANSITIONS

    return {t.actor for t in TRANSITIONS
            if t.subject == subject and t.in_inbox and any(s in t.sources for s in states)}


def _company_of(obj):
    company_id = getattr(obj, "company_id", None)
    if company_id is None and getattr(obj, "order_id", None) is not None:
        company_id = obj.order.company_id
    return company_id


def on_transition(sender, row, obj, entry, **kwargs):
    """Receiver of workflow.signals.transition_done: new versions for the inboxes it changed."""
    roles = _roles_waiting(row.subject, {entry.from_state, entry.to_state})
    stamp = time.time_ns()
    versions = {_key(role, _company_of(obj) if role == Role.PELANGGAN else None): stamp for role in roles}
    versions[_ANY] = stamp
    cache.set_many(versions, timeout=None)


def any_version() -> int:
    """Changes with every transition: for a summary kept briefly that any step may change (the
    treasurer's totals per billing state)."""
    return cache.get(_ANY, 0)


def version(user) -> str:
    """A string that changes whenever one of `user`'s inboxes may have changed: their roles and the
    version of each (one cache read)."""
    roles = sorted(user.role_codes)
    keys = [_key(role, user.company_id) for role in roles]
    stamps = cache.get_many(keys)
    return ".".join(f"{role}-{stamps.get(key, 0)}" for role, key in zip(roles, keys))
