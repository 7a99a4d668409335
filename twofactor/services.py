"""Changes to a person's second factor that the audit trail must show."""
from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.roles import Role
from workflow.engine import lock, record


def reset_devices(admin: User, account_id: int) -> int:
    """The admin removes a user's authenticator devices (a lost phone); the user enrols again at the
    next login. Returns how many devices were removed; the audit entry says who did it and when."""
    with transaction.atomic():
        account = lock(User, account_id)
        devices = TOTPDevice.objects.filter(user=account)
        names = list(devices.values_list("name", flat=True))
        removed, _detail = devices.delete()
        record("account.second_factor_reset", admin, Role.ADMIN, account=account,
               data={"devices": len(names), "names": names})
    return removed
