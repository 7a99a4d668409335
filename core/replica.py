"""Reads from a PostgreSQL streaming replica, only where a moment-old answer is acceptable.

With DATABASE_REPLICA_URL set, the settings define a second alias, `replica`, and install ReplicaRouter.
A read goes to the replica only inside `read_from_replica()`, which is entered

- by ReplicaReadMiddleware for GET and HEAD requests to the views named in settings.REPLICA_READ_VIEWS
  (the management dashboard and its table downloads, the audit log, the API's lists), and
- by a background job that opens it itself (the register exports).

Inside that scope a read still goes to the primary

- while a transaction is open on the primary: a service's reads, under its row locks, are never stale;
- for the models of settings.REPLICA_PRIMARY_MODELS, the credentials that say who is asking (an API
  token made a moment ago may not have reached the replica yet);
- once the scope has written (read your own writes): in a request, every read after any write; in a
  job's scope opened with ``after_write="model"``, reads of the models it wrote (its progress row).

Every write goes to the primary, inside the scope or not, and so does every read outside it (also of an
object that was loaded from the replica). Without the `replica` alias the router names no database and
the middleware takes itself out of the chain: nothing changes. docs/decisions.md, "Reads from a replica".
"""
from __future__ import annotations

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
AFTER_WRITE = ("all", "model")


class _Scope:
    __slots__ = ("per_model", "wrote", "written")

    def __init__(self, per_model: bool):
        self.per_model = per_model
        self.wrote = False
        self.written: set[str] = set()


_scope: contextvars.ContextVar[_Scope | None] = contextvars.ContextVar("sippt_replica_scope", default=None)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def read_from_replica(after_write: str = "all"):
    """Reads in this block may be answered by the replica (see the module's notes).

    after_write="all": after the block's first write, every read goes to the primary (a request).
    after_write="model": only reads of the models the block wrote do (a job that records its progress
    while it reads a register). Also usable as a decorator."""
    if after_write not in AFTER_WRITE:
        raise ValueError(f"after_write must be one of {AFTER_WRITE}")
    token = _scope.set(_Scope(per_model=after_write == "model"))
    try:
        yield
    finally:
        _scope.reset(token)


def _labels(model) -> set[str]:
    """The model's table and its parents' tables (multi-table inheritance writes them all)."""
    meta = model._meta.concrete_model._meta
    return {meta.label_lower, *(parent._meta.label_lower for parent in meta.get_parent_list())}


class ReplicaRouter:
    """settings.DATABASE_ROUTERS when the replica is configured. Names the primary explicitly, so that an
    object read from the replica is saved, and its relations read outside the scope, on the primary."""

    def __init__(self):
        self.primary_only = frozenset(label.lower() for label in getattr(settings, "REPLICA_PRIMARY_MODELS", ()))

    def db_for_read(self, model, **hints):
        if not replica_configured():
            return None
        scope = _scope.get()
        if scope is None or connections[DEFAULT_DB_ALIAS].in_atomic_block \
                or model._meta.label_lower in self.primary_only:
            return DEFAULT_DB_ALIAS
        if scope.wrote and (not scope.per_model or not _labels(model).isdisjoint(scope.written)):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        if not replica_configured():
            return None
        scope = _scope.get()
        if scope is not None:
            scope.wrote = True
            scope.written |= _labels(model)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        """The replica holds the primary's rows: an object read there may point at one read on the primary."""
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        """The replica is migrated by replication, never directly (a standby refuses writes)."""
        return False if db == REPLICA else None


class ReplicaReadMiddleware:
    """Opens the replica scope for GET/HEAD requests whose URL name is in settings.REPLICA_READ_VIEWS
    ("namespace:name", or "namespace:*" for every view of a namespace), from the view to its response.
    Who is asking (session, user, second factor) is read before, from the primary: a login made a moment
    ago may not have reached the replica yet."""

    def __init__(self, get_response):
        if not replica_configured():
            raise MiddlewareNotUsed
        self.get_response = get_response
        entries = list(getattr(settings, "REPLICA_READ_VIEWS", ()))
        self.names = frozenset(e for e in entries if not e.endswith(":*"))
        self.prefixes = tuple(e[:-1] for e in entries if e.endswith(":*"))  # "reports:*" -> "reports:"

    def listed(self, view_name: str) -> bool:
        return view_name in self.names or view_name.startswith(self.prefixes)

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = request.__dict__.pop("_replica_scope_token", None)
            if token is not None:
                _scope.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method not in ("GET", "HEAD") or match is None or not self.listed(match.view_name):
            return None
        user = getattr(request, "user", None)
        if user is not None:
            user.is_authenticated  # noqa: B018 (loads the session, the user and the OTP device now)
        request._replica_scope_token = _scope.set(_Scope(per_model=False))
        return None
