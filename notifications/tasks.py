import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from notifications.models import Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send the emails of these notifications. A failing mail server never raises: the notification
    keeps its error and `retry_failed_emails` tries again later."""
    sent = 0
    for note in Notification.objects.filter(pk__in=notification_ids, email_sent_at__isnull=True).select_related("user"):
        if not note.user.email:
            continue
        note.email_attempts += 1
        try:
            send_mail(
                subject=f"[SIPPT Kalibrasi] {note.text}"[:200],
                message=f"{note.text}\n\n{settings.SITE_URL}{note.url}\n",
                from_email=None, recipient_list=[note.user.email],
            )
        except Exception as exc:  # the mail server's failure must not stop the work
            note.email_error = str(exc)[:300]
            note.save(update_fields=["email_attempts", "email_error"])
            log.warning("notification %s: email failed: %s", note.pk, exc)
            continue
        note.email_sent_at, note.email_error = timezone.now(), ""
        note.save(update_fields=["email_attempts", "email_error", "email_sent_at"])
        sent += 1
    return sent


def retry_failed_emails() -> int:
    ids = list(Notification.objects.filter(email_sent_at__isnull=True, email_attempts__gt=0,
                                           email_attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True))
    return send_notification_emails.call(ids) if ids else 0
