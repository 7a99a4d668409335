from django.contrib.auth.backends import AllowAllUsersModelBackend

from accounts.models import User


class UsernameOrEmailBackend(AllowAllUsersModelBackend):
    """Log in with the user name or the email; the login form decides what an inactive account is told."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            match = User.objects.filter(email__iexact=username.strip()).values_list("username", flat=True).first()
            if match:
                username = match
        return super().authenticate(request, username=username, password=password, **kwargs)
