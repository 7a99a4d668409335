"""The signed-in person of each request, read from the shared cache instead of two queries.

Django's authentication loads the account (and the app its roles) from the database on every request:
two queries, ~0.6 ms of a page's CPU. The account is kept in the cache every web process shares
(settings.CACHES), with its roles, for at most USER_SECONDS. It is forgotten, in every process at once,
whenever the account or one of its roles is saved or deleted (model signals, again after the commit so
that a request reading the old row meanwhile cannot keep it), so a deactivated account, a changed
password or a removed role holds from the next request. Code that changes an account with
`QuerySet.update()` sends no signal: it calls `forget(pk)` itself.
"""
from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

USER_SECONDS = 300


def _key(pk) -> str:
    return f"signed-in-user:{pk}"


def cached_user(pk):
    """The account `pk` with its roles loaded, or None when there is none."""
    from accounts.models import User

    key = _key(pk)
    user = cache.get(key)
    if user is not None:
        return user
    user = User._default_manager.filter(pk=pk).first()
    if user is None:
        return None
    user.role_codes  # noqa: B018 - kept with the account: every page asks for them
    cache.set(key, user, USER_SECONDS)
    return user


def forget(pk) -> None:
    """Forget the cached account now and once more after the surrounding commit."""
    if pk is None:
        return
    key = _key(pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _account_changed(sender, instance, **kwargs):
    forget(instance.pk)


def _role_changed(sender, instance, **kwargs):
    forget(instance.user_id)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from accounts.models import User, UserRole

    for signal in (post_save, post_delete):
        signal.connect(_account_changed, sender=User, dispatch_uid=f"cached-user-{signal}")
        signal.connect(_role_changed, sender=UserRole, dispatch_uid=f"cached-user-role-{signal}")
