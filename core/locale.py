"""The language a person reads: the switch (a cookie for visitors, saved on the account once logged
in, applied again at every login), and the language and office time of mails and notices."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import formats, timezone, translation
from django.views import i18n


def available_languages() -> set[str]:
    return {code for code, _ in settings.LANGUAGES}


def language_of(user) -> str:
    """The language to speak to this person: the one saved on the account, else Bahasa Indonesia."""
    chosen = getattr(user, "language", "") or ""
    return chosen if chosen in available_languages() else settings.LANGUAGE_CODE


def office_moment(value, zone: str = "") -> str:
    """A moment as the office handling the order states it: '4 Desember 2026 14:05 WIB', in the active
    language, in the office's zone (`settings.TIME_ZONE` unless given)."""
    if not value:
        return "—"
    local = timezone.localtime(value, ZoneInfo(zone or settings.TIME_ZONE))
    return f"{formats.date_format(local, 'j F Y H:i')} {local.tzname()}"


class ChosenLanguageMiddleware:
    """Bahasa Indonesia unless the user chose another language with the switch (a cookie).
    The browser's Accept-Language is not followed: a government service speaks Indonesian first.
    At login the account's saved language becomes the cookie (see `apply_account_language`)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = available_languages()

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        account_language = getattr(request, "account_language", "")
        if account_language in self.available and account_language != chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, account_language, max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


def save_language(user, language: str) -> None:
    """Remember the language a logged-in person chose, for their notices and mails."""
    if language in available_languages() and user.language != language:
        user.language = language
        user.save(update_fields=["language"])  # a saved account is forgotten by every cache of it


def set_language(request):
    """Django's language switch, which also saves the choice on the account of a logged-in person."""
    response = i18n.set_language(request)
    language = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER) if request.method == "POST" else None
    if language and request.user.is_authenticated and response.status_code in (200, 302):
        save_language(request.user, language)
    return response


@receiver(user_logged_in, dispatch_uid="core.locale.apply_account_language")
def apply_account_language(sender, request, user, **kwargs):
    """At login: the account's saved language is applied (the response sets the switch's cookie); an
    account with none saved keeps the language the person chose on the site before logging in."""
    if request is None:
        return
    saved = getattr(user, "language", "")
    if saved in available_languages():
        request.account_language = saved
        translation.activate(saved)
        request.LANGUAGE_CODE = saved
        return
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in available_languages() and chosen != settings.LANGUAGE_CODE:
        save_language(user, chosen)
