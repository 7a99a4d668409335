"""The demo head of centre's authenticator: a fixed, documented secret so demos and browser tests can
compute the code (README, demo accounts). Never use it on a real installation."""
from base64 import b32decode
from binascii import hexlify

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor import policy

from twofactor import DEMO_TOTP_SECRET
DEMO_USERNAME = "kepala_balai"


def secret_hex(secret_base32: str = DEMO_TOTP_SECRET) -> str:
    return hexlify(b32decode(secret_base32)).decode()


def current_code(secret_base32: str = DEMO_TOTP_SECRET) -> str:
    """The code an authenticator app shows now for this secret (for demos and tests)."""
    totp = TOTP(b32decode(secret_base32))
    return f"{totp.token():06d}"


def ensure_demo_device(username: str = DEMO_USERNAME):
    """Give the demo head of centre a confirmed device with the documented secret (idempotent)."""
    from accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        return None
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name=policy.DEVICE_NAME + " demo",
        defaults={"key": secret_hex(), "confirmed": True})
    return device
