"""Who must enter a second factor, and how a session counts as verified.

The head of centre signs legally binding certificates: a TOTP code is required after the password.
Other staff may enrol a device; once they have a confirmed one it is asked at every login. Customers
sign in with the password alone. A session is verified when django-otp's middleware found the device
that accepted its code (`user.is_verified()`).
"""
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role

DEVICE_NAME = "TOTP"


def is_staff_member(user) -> bool:
    return bool(user.is_authenticated and user.staff_roles)


def must_enrol(user) -> bool:
    """The head of centre may not work without a second factor."""
    return user.is_authenticated and user.has_role(Role.KEPALA_BALAI)


def confirmed_device(user):
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def needs_second_factor(user) -> bool:
    """True when this logged-in user has to enter a code before anything else."""
    if not user.is_authenticated:
        return False
    return must_enrol(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(user) -> bool:
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def mark_session_verified(request_or_session, device) -> None:
    """Record in the session that `device` accepted a code (what django_otp.login does)."""
    session = getattr(request_or_session, "session", request_or_session)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
