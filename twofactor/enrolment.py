"""Enrolment material for an authenticator app: the base32 secret, the otpauth:// link and its QR code
as an SVG data URI (an <img>, so the page needs no script and no inline style)."""
import base64
import io
from base64 import b32encode
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor import policy


def secret_base32(device: TOTPDevice) -> str:
    return b32encode(unhexlify(device.key)).decode()


def grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed device being enrolled (made on first visit, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=policy.DEVICE_NAME, confirmed=False)
    return device


def issuer() -> str:
    return getattr(settings, "OTP_TOTP_ISSUER", "SIPPT Kalibrasi")
