"""Glue for django-axes: who a login attempt is for, and the page shown when that login is locked."""
from django.conf import settings
from django.shortcuts import render

from accounts.models import User


def username_of(request, credentials=None) -> str:
    """The account name an attempt is for, so the email and the user name count as the same account."""
    given = (credentials or {}).get("username")
    if given is None and request is not None:
        given = getattr(request, "POST", {}).get("username")
    given = (given or "").strip()
    if "@" in given:
        match = User.objects.filter(email__iexact=given).values_list("username", flat=True).first()
        if match:
            return match
    return given


def locked_out(request, original_response=None, credentials=None):
    """The login page's lockout notice (HTTP 429), in words for the user."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else None
    return render(request, "accounts/locked.html", {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
                  status=429)
