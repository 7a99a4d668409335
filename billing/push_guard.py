"""What a push that is refused may cost us, bounded.

- From an address that may not push: one counter per source address and minute, nothing else stored;
  above SIMPONI_PUSH_REFUSED_PER_MINUTE in a minute the source gets 429.
- Wrong credentials from an allowed address (e.g. SIMPONI pushing with the old password after a
  rotation): the push is stored as any push is, but only the first such push in
  SIMPONI_CREDENTIALS_ALERT_MINUTES raises an alert for the treasurer; the payment it carried is
  found by the scheduler's status poll of every unpaid billing.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import PushAlert, RefusedPushCount

CREDENTIALS_ALERT = "simponi_credentials"
COUNTS_KEPT = timedelta(days=30)


def _minute(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)


def count_refused(source: str | None, now: datetime | None = None) -> int:
    """Count one push from an address that may not push; returns this source's count in this minute."""
    minute = _minute(now or timezone.now())
    source = (source or "?")[:45]
    with transaction.atomic():
        row, created = RefusedPushCount.objects.get_or_create(source=source, minute=minute, defaults={"count": 1})
        if created:
            return 1
        RefusedPushCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
        return RefusedPushCount.objects.values_list("count", flat=True).get(pk=row.pk)


def seconds_to_next_minute(now: datetime | None = None) -> int:
    now = now or timezone.now()
    return max(1, 60 - now.second)


def prune_refused_counts(now: datetime | None = None) -> int:
    """Counters older than COUNTS_KEPT are dropped (run by the scheduler)."""
    return RefusedPushCount.objects.filter(minute__lt=(now or timezone.now()) - COUNTS_KEPT).delete()[0]


def credentials_alert_due(now: datetime | None = None) -> bool:
    """True for the first refused-credentials push in the alert interval, False for the others. The
    alert row is locked, so concurrent pushes raise one alert between them."""
    now = now or timezone.now()
    since = now - timedelta(minutes=settings.SIMPONI_CREDENTIALS_ALERT_MINUTES)
    if PushAlert.objects.filter(kind=CREDENTIALS_ALERT, raised_at__gt=since).exists():
        return False  # the common case under a flood: no lock taken
    with transaction.atomic():
        PushAlert.objects.get_or_create(kind=CREDENTIALS_ALERT, defaults={"raised_at": since})
        alert = PushAlert.objects.select_for_update().get(kind=CREDENTIALS_ALERT)
        if alert.raised_at > since:
            return False
        alert.raised_at = now
        alert.save(update_fields=["raised_at"])
    return True


def alert_treasurers() -> None:
    """Tell every active treasurer (in the app, and by email) to have the push credentials checked."""
    from accounts.models import User
    from accounts.roles import Role
    from notifications.services import notify

    treasurers = list(User.objects.filter(roles__role=Role.BENDAHARA, is_active=True).distinct())
    notify(treasurers, _("SIMPONI mengirim pembayaran dengan kredensial yang salah: periksa kredensial SIMPONI."),
           reverse("billing:notifications"), kind="simponi_alert")


def credentials_alert_text() -> str:
    return _("Kiriman dari alamat SIMPONI yang diizinkan ditolak karena kredensialnya salah: periksa kredensial "
             "SIMPONI bersama pengelola server. Kiriman serupa dalam %(minutes)s menit berikutnya disimpan tanpa "
             "peringatan baru; pembayaran yang dibawanya ditemukan oleh cek status berkala.") % {
        "minutes": settings.SIMPONI_CREDENTIALS_ALERT_MINUTES}
