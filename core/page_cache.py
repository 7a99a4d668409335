"""A person's own pages kept for a few seconds, until anything in the database changes.

The main pages (order lists, an order, the inboxes, the results grid, the treasurer's desk) are read far
more often than anything changes: a customer refreshing an order, a supervisor going back to an inbox.
`page_cache` keeps the page one person's session was shown and shows it again to that session while
nothing was written since, for at most PAGE_CACHE_SECONDS (default 30 with Redis; 0 turns it off).

What makes a kept page right to show again:
- **Whose.** The key holds the session key, the CSRF cookie the page's forms were made for, the session's
  contents (a chosen unit or role, the second factor), the language, the full path with its query and the
  htmx headers. Only the session that was shown the page, after every check of the view, gets it back.
- **Nothing changed.** Every INSERT, UPDATE or DELETE on a database connection of any process (web
  process, worker) gives the data a new version after its transaction commits (`watch_writes`, an
  execute wrapper on every connection); the version is part of the key and is kept in the shared cache
  (settings.CACHES: Redis or the file cache every process shares). Sessions, the cache table and the
  login-attempt records are not data a page shows and give no new version.
- **Time.** Clocks on a page (minutes left of a step) move by themselves: a page is kept 30 seconds at
  most, as the sidebar's counts are.
- **Nothing for this request only.** A page with a message to show (after a step), a page whose CSRF
  token was new, a page setting a cookie, anything but a 200 to a GET or HEAD is not kept; with a message
  waiting, the page is rendered afresh.
"""
from __future__ import annotations

import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.utils.translation import get_language

VERSION_KEY = "page-cache:data-version"
_KEY_PREFIX = "page-cache:page:"
_WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE ", "TRUNCA", "REPLAC")
# Tables whose writes change nothing a page shows: sessions (written as people move about), the
# database cache, django-axes' records of login attempts.
_QUIET_TABLES = ("django_session", "django_cache", "axes_access")
_HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-Trigger", "HX-Boosted", "HX-History-Restore-Request")
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Cache-Control", "X-Frame-Options")


def seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def data_version() -> str:
    return cache.get(VERSION_KEY) or "0"


def new_data_version(**kwargs) -> None:
    """A value never used before: pages kept under the previous one are no longer found."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _is_write(sql: str) -> bool:
    head = sql.lstrip()[:6].upper()
    if head not in _WRITES:
        return False
    start = sql[:120]
    return not any(table in start for table in _QUIET_TABLES)


def _after_commit_pending(connection) -> bool:
    return any(func is new_data_version for _sids, func, _robust in connection.run_on_commit)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and _is_write(sql):
        connection = context["connection"]
        if connection.in_atomic_block:
            # Once per transaction; a rolled-back savepoint takes its callbacks with it, so the list is
            # asked rather than a flag kept.
            if not _after_commit_pending(connection):
                transaction.on_commit(new_data_version, using=connection.alias)
        else:
            new_data_version()
    return result


def _install(sender, connection, **kwargs):
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def watch_writes() -> None:
    """Connect the wrapper to every connection made from now on (and those already open)."""
    connection_created.connect(_install, dispatch_uid="page-cache-watch-writes")
    for connection in connections.all(initialized_only=True):
        _install(None, connection)


def _pending_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _key(request, csrf_cookie: str) -> str:
    session = request.session
    parts = [session.session_key, csrf_cookie, repr(sorted(session.items())), get_language(),
             request.get_full_path(), data_version(),
             *(request.headers.get(name, "") for name in _HTMX_HEADERS)]
    return _KEY_PREFIX + hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()


def _keepable(request, response, csrf_cookie: str) -> bool:
    # CSRF_COOKIE differs from the cookie sent when the page's forms were given a new secret (a cookie
    # that was not valid): the page is for the cookie the answer sets, not for the one in the key.
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and request.META.get("CSRF_COOKIE", csrf_cookie) == csrf_cookie and not _pending_messages(request))


def page_cache(view):
    """Keep the view's page for its session while the data is unchanged (see the module's text)."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        ttl = seconds()
        csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
        if (not ttl or request.method not in ("GET", "HEAD") or not csrf_cookie
                or not request.user.is_authenticated or request.session.session_key is None
                or _pending_messages(request)):
            return view(request, *args, **kwargs)
        key = _key(request, csrf_cookie)
        kept = cache.get(key)
        if kept is not None:
            headers, content = kept
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)

        def keep(rendered):
            if _keepable(request, rendered, csrf_cookie):
                headers = {name: rendered[name] for name in _KEPT_HEADERS if rendered.has_header(name)}
                cache.set(key, (headers, rendered.content), timeout=ttl)

        if getattr(response, "is_rendered", True):
            keep(response)
        else:  # a TemplateResponse: kept once rendered
            response.add_post_render_callback(keep)
        return response
    return wrapped
