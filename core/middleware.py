"""Errors a user can cause never become a 500: a refused transition or invalid input raised from a
view turns into a message on the page the user came from."""
import functools
import json
import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.utils.functional import LazyObject, empty
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def _back(request):
    target = request.headers.get("Referer") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return target


@functools.cache
def user_errors() -> tuple[type[Exception], ...]:
    """The exceptions a user can cause, whose message is written for the user: invalid input
    (ValidationError) and the refusals the apps name in settings.USER_ERRORS (dotted paths, e.g. the SOP
    engine's TransitionNotAllowed), so core names no domain app."""
    return (ValidationError, *(import_string(path) for path in settings.USER_ERRORS))


def message_of(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    message = getattr(exc, "message", None) if isinstance(exc, user_errors()) else None
    return message if isinstance(message, str) else str(exc)


class FriendlyErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if isinstance(exc, user_errors()):
            messages.error(request, message_of(exc))
            if request.method == "POST":
                return HttpResponseRedirect(_back(request))
            return render(request, "core/error.html", {"message": message_of(exc)}, status=409)
        if isinstance(exc, OperationalError) and "locked" in str(exc):
            log.warning("database busy: %s", exc)
            return render(request, "core/error.html",
                          {"message": _("Sistem sedang sibuk. Silakan coba lagi sebentar lagi.")}, status=503)
        return None


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _holds_nul(query_dict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query_dict.lists())


def json_holds_nul(value) -> bool:
    """Whether a NUL sits in any string of a parsed JSON value, keys included."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _json_body_holds_nul(request) -> bool:
    """A JSON body (outside the API, whose own parser answers in its error shape) with a NUL in a
    string; a body that is not JSON is left to the view."""
    if request.content_type != "application/json" or request.path.startswith("/api/"):
        return False
    body = request.body
    if b"\\u0000" not in body:
        return False
    try:
        return json_holds_nul(json.loads(body))
    except ValueError:
        return False


class RefuseNulMiddleware:
    """A NUL character (%00) in the path, the query, a form field (a multipart upload's fields, not
    its files) or a string of a JSON body is refused with a 400 and a plain message before any view runs: no genuine request
    carries one, and PostgreSQL cannot hold one in text (a query with it would fail with a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _holds_nul(request.GET) or (
                request.method == "POST" and request.content_type in FORM_TYPES and _holds_nul(request.POST)) \
                or _json_body_holds_nul(request):
            return HttpResponseBadRequest(
                _("Permintaan ditolak: alamat, parameter atau isian formulir berisi karakter NUL (%00)."),
                content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class ResolvedUserMiddleware:
    """After authentication and django-otp: `request.user` as the account itself, not the two lazy wrappers
    those middlewares put around it. A page reads the user thousands of times (access checks per row,
    the sidebar, every `allowed_codes`), each through both wrappers' attribute lookup; every page reads
    it anyway (the reader's unit, the second factor), so resolving it once costs nothing extra."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        while isinstance(user, LazyObject):
            if user._wrapped is empty:
                user._setup()
            user = user._wrapped
        if user is not None:
            request.user = user
        return self.get_response(request)
