"""Shared by the load benchmarks: Django set up against the benchmark database, logged-in sessions
made without the login form (no password hashing, no lockout counting, second factor marked done),
and the pages each role opens."""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"  # raw outputs (var/ is not committed)
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/sippt_bench"
STAFF = ["cs", "ketua_pji", "bendahara", "penyelia", "penyelia2", "analis", "analis2", "mt", "kepala_balai", "admin"]


# The same settings as bench/serve.sh: sessions made here must be valid for the server.
SERVER_ENV = {"DEBUG": "False", "SECURE_SSL_REDIRECT": "False",
              "SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789"}


def setup_django(database_url: str | None = None) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sippt.settings")
    os.environ.setdefault("DATABASE_URL", database_url or DEFAULT_DATABASE_URL)
    for name, value in SERVER_ENV.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()


def session_for(user) -> str:
    """A session key of `user`, as if they had logged in (and entered their second factor if needed)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.backends.UsernameOrEmailBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    try:
        from twofactor import policy
    except ImportError:
        policy = None
    if policy is not None and policy.needs_second_factor(user):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = policy.confirmed_device(user) or TOTPDevice.objects.create(
            user=user, name=policy.DEVICE_NAME, confirmed=True)
        policy.mark_session_verified(store, device)
    store.create()
    return store.session_key


def customers(count: int):
    """Customer accounts with orders, the demo customer first."""
    from accounts.models import User
    from accounts.roles import Role

    users = list(User.objects.filter(username="pelanggan"))
    users += list(User.objects.filter(roles__role=Role.PELANGGAN, is_active=True, company__isnull=False,
                                      username__startswith="gen_").order_by("pk")[:max(0, count - len(users))])
    return users
