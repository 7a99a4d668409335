from django.contrib.auth.backends import AllowAllUsersModelBackend

from accounts.cached_user import cached_user
from accounts.models import User


class UsernameOrEmailBackend(AllowAllUsersModelBackend):
    """Log in with the user name or the email; the login form decides what an inactive account is told."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            match = User.objects.filter(email__iexact=username.strip()).values_list("username", flat=True).first()
            if match:
                username = match
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        """The signed-in account of a request, from the shared cache (accounts/cached_user.py). A session
        of an account deactivated since (or not yet activated) signs nobody in: the login form, not a
        session, is where an inactive account hears why."""
        try:
            user = cached_user(int(user_id))
        except (TypeError, ValueError):
            return None
        return user if user is not None and user.is_active else None
