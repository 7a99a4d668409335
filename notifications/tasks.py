from django_tasks import task

from notifications import outbox


@task()
def send_mails(mail_ids: list[int]) -> int:
    """Send these stored mails; a failing mail server marks them for a later retry, never raises."""
    return outbox.deliver_many(mail_ids)


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send the emails of these notifications (kept for callers of the first version): each gets its
    stored mail if its person wants that kind, then the mails are sent."""
    from notifications.models import Notification
    from notifications.services import mail_for

    mails = [mail_for(note, send=False) for note in Notification.objects.filter(pk__in=notification_ids, mails=None)
             .select_related("user")]
    return outbox.deliver_many([m.pk for m in mails if m is not None])


def retry_failed_emails(now=None) -> int:
    """The scheduler's job: send the mails whose retry time has come."""
    return outbox.retry_due(now)
