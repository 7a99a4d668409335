"""Outgoing email: stored first (`OutgoingMail`), sent after the transaction commits by a background
task, retried with a growing delay when the mail server fails, and given up after a number of
attempts (the admin sees it and may send it again). Nothing here ever raises to the caller because
a mail server failed."""
from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from notifications.kinds import MailKind
from notifications.models import MailStatus, OutgoingMail
from notifications.scope import person_unit_id, unit_id_of

log = logging.getLogger(__name__)

PENDING = (MailStatus.QUEUED, MailStatus.RETRYING)
ERASED = "[dihapus]"
LOST_TASK_AFTER = timedelta(minutes=5)  # a queued mail no task has picked up by then is sent by the retry job
STUCK_SENDING_AFTER = timedelta(minutes=15)  # a worker died while sending


def max_attempts() -> int:
    return getattr(settings, "MAIL_MAX_ATTEMPTS", 6)


def retry_delay(attempts: int) -> timedelta:
    """Delay before the next attempt after `attempts` failures: base × 2^(attempts−1), at most 6 hours."""
    base = getattr(settings, "MAIL_RETRY_BASE_SECONDS", 60)
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def is_deliverable(address: str) -> bool:
    return bool(address) and not address.lower().endswith(".invalid")


def html_of(text: str) -> str:
    """The HTML alternative of a plain-text mail written without one: its paragraphs, links made clickable."""
    return render_to_string("notifications/mail/plain.html", {"text": text})


def new_mail(to: str, subject: str, body: str, *, kind: str = "", user=None, notification=None,
             html: str = "", unit=None) -> OutgoingMail | None:
    """A mail not yet stored, or None when `to` cannot receive one. Every mail has a plain text and an
    HTML part; `html` is made from the text where not given. `unit` (a unit or its id): the unit whose
    mail it is (notifications.scope)."""
    if not is_deliverable(to):
        return None
    return OutgoingMail(to=to, subject=subject[:200], body=body, html_body=html or html_of(body), kind=kind,
                        user=user, notification=notification, unit_id=unit_id_of(unit))


def store_mails(mails: list[OutgoingMail]) -> list[OutgoingMail]:
    """Store many mails in one query; the caller hands their ids to `enqueue` after the commit."""
    return OutgoingMail.objects.bulk_create(mails) if mails else []


def queue_mail(to: str, subject: str, body: str, *, kind: str = "", user=None, notification=None,
               send: bool = True, html: str = "", unit=None) -> OutgoingMail | None:
    """Store a mail and (unless `send` is false) send it from a task once the current transaction
    commits (at once outside one). Without `unit`, the mail is of the unit of the person written to
    (notifications.scope.person_unit_id)."""
    if unit is None:
        unit = person_unit_id(user)
    mail = new_mail(to, subject, body, kind=kind, user=user, notification=notification, html=html, unit=unit)
    if mail is None:
        return None
    mail.save(force_insert=True)
    if send:
        transaction.on_commit(lambda: enqueue([mail.pk]))
    return mail


def enqueue(mail_ids: list[int]) -> None:
    """Hand mails to the task queue; if even that fails they stay queued for the retry job."""
    from notifications.tasks import send_mails

    try:
        send_mails.enqueue(list(mail_ids))
    except Exception:  # noqa: BLE001 - the retry job picks the mails up
        log.warning("could not enqueue mails %s", mail_ids, exc_info=True)


def deliver(mail_id: int) -> bool:
    """Try to send one mail now. The row is claimed first, so two workers never send it twice."""
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(pk=mail_id, status__in=PENDING).update(
        status=MailStatus.SENDING, attempts=F("attempts") + 1, last_attempt_at=now)
    if not claimed:
        return False
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        message = EmailMultiAlternatives(mail.subject, mail.body, None, [mail.to])
        if mail.html_body:
            message.attach_alternative(mail.html_body, "text/html")
        message.send()
    except Exception as exc:  # noqa: BLE001 - the mail server's failure must not stop the work
        mail.last_error = f"{type(exc).__name__}: {exc}"[:500]
        if mail.attempts >= max_attempts():
            mail.status, mail.next_attempt_at = MailStatus.FAILED, None
        else:
            mail.status, mail.next_attempt_at = MailStatus.RETRYING, now + retry_delay(mail.attempts)
        mail.save(update_fields=["status", "last_error", "next_attempt_at"])
        log.warning("mail %s to %s failed (attempt %s): %s", mail.pk, mail.to, mail.attempts, exc)
        return False
    mail.status, mail.sent_at, mail.next_attempt_at = MailStatus.SENT, timezone.now(), None
    if mail.kind == MailKind.ERASURE:  # the last mail to an anonymised person keeps no trace of them
        mail.to, mail.body, mail.html_body = ERASED, "", ""
    mail.save(update_fields=["status", "sent_at", "next_attempt_at", "to", "body", "html_body"])
    return True


def deliver_many(mail_ids) -> int:
    return sum(1 for pk in mail_ids if deliver(pk))


def due_for_retry(now=None):
    now = now or timezone.now()
    return OutgoingMail.objects.filter(
        Q(status=MailStatus.RETRYING, next_attempt_at__lte=now)
        | Q(status=MailStatus.QUEUED, created_at__lte=now - LOST_TASK_AFTER))


def retry_due(now=None) -> int:
    """The scheduler's job: send every mail whose retry time has come. Returns how many went out."""
    now = now or timezone.now()
    OutgoingMail.objects.filter(status=MailStatus.SENDING, last_attempt_at__lte=now - STUCK_SENDING_AFTER).update(
        status=MailStatus.RETRYING, next_attempt_at=now)
    return deliver_many(list(due_for_retry(now).order_by("created_at").values_list("pk", flat=True)))


def retry_now(mail_ids) -> int:
    """The admin's "send again now": failed or waiting mails go back to the queue at once."""
    ids = list(OutgoingMail.objects.filter(pk__in=list(mail_ids)).exclude(
        status__in=[MailStatus.SENT, MailStatus.SENDING]).values_list("pk", flat=True))
    OutgoingMail.objects.filter(pk__in=ids).update(status=MailStatus.RETRYING, next_attempt_at=timezone.now())
    if ids:
        transaction.on_commit(lambda: enqueue(ids))
    return len(ids)
