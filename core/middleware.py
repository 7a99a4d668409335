"""Errors a user can cause never become a 500: a refused transition or invalid input raised from a
view turns into a message on the page the user came from."""
import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from workflow.engine import TransitionNotAllowed

log = logging.getLogger(__name__)


def _back(request):
    target = request.headers.get("Referer") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return target


def message_of(exc) -> str:
    if isinstance(exc, TransitionNotAllowed):
        return exc.message
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


class FriendlyErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if isinstance(exc, (TransitionNotAllowed, ValidationError)):
            messages.error(request, message_of(exc))
            if request.method == "POST":
                return HttpResponseRedirect(_back(request))
            return render(request, "core/error.html", {"message": message_of(exc)}, status=409)
        if isinstance(exc, OperationalError) and "locked" in str(exc):
            log.warning("database busy: %s", exc)
            return render(request, "core/error.html",
                          {"message": _("Sistem sedang sibuk. Silakan coba lagi sebentar lagi.")}, status=503)
        return None
