"""Until a user who needs a second factor has entered it, the session reaches only the code page,
the enrolment page (for a head of centre without a device), logout, language switch and static files."""
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

from twofactor import policy

# URL names a session waiting for its second factor may still open.
OPEN_WHILE_PENDING = ("twofactor:verify", "twofactor:setup", "accounts:logout", "set_language")
# Session key: the pk of the logged-in user found to need no second factor.
NO_SECOND_FACTOR = "twofactor_not_needed"


class SecondFactorMiddleware:
    """Goes after django_otp.middleware.OTPMiddleware (which sets `request.user.is_verified`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and request.session.get(NO_SECOND_FACTOR) != user.pk \
                and not self._is_open(request):
            if not policy.needs_second_factor(user):
                # Remembered for this session, so that pages pay no extra query. A device enrolled
                # later is asked for at the next login.
                request.session[NO_SECOND_FACTOR] = user.pk
            elif not policy.is_verified(user):
                has_device = policy.confirmed_device(user) is not None
                target = reverse("twofactor:verify" if has_device else "twofactor:setup")
                return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _is_open(request):
        static = settings.STATIC_URL or "/static/"
        if request.path.startswith(static):
            return True
        match = getattr(request, "resolver_match", None)
        if match is None:
            from django.urls import Resolver404, resolve
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return True  # a 404 shows nothing
        return match.view_name in OPEN_WHILE_PENDING
