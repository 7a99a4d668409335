"""For tests that log in with `client.force_login`: mark the session as having passed the second
factor, as a real login with the code would."""
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor import policy


def mark_verified(client, user):
    """If `user` needs a second factor, give them a confirmed device (if none) and record it in the
    client's session as verified. Returns the client."""
    if not policy.needs_second_factor(user):
        return client
    device = policy.confirmed_device(user) or TOTPDevice.objects.create(
        user=user, name=policy.DEVICE_NAME, confirmed=True)
    session = client.session
    policy.mark_session_verified(session, device)
    session.save()
    return client
