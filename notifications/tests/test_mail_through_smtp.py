"""Emails leave through Django's SMTP backend to a real SMTP server on the loopback address; a
failing server never blocks a transition, and the stored mail is retried until it goes out."""
from datetime import timedelta

import pytest

from notifications.models import MailStatus, Notification, OutgoingMail
from notifications.tasks import retry_failed_emails
from orders.services import validate_order
from workflow.states import OrderState


def _validate(order, users, capture):
    with capture(execute=True):
        validate_order(users["cs"], order.pk)
    order.refresh_from_db()
    return order


@pytest.mark.django_db
def test_a_transition_mails_the_next_actor_and_the_customer(users, order_at, smtp_server,
                                                            django_capture_on_commit_callbacks):
    order = _validate(order_at("SUBMITTED"), users, django_capture_on_commit_callbacks)

    [to_ketua] = smtp_server.to(users["ketua_pji"].email)
    assert to_ketua["subject"] == f"[SIPPT Kalibrasi] {order.number}: Memeriksa, memvalidasi dan memberi nomor order"
    assert f"http://127.0.0.1:8000/orders/{order.pk}/" in to_ketua["body"]
    assert users["ketua_pji"].full_name in to_ketua["body"]
    [to_customer] = smtp_server.to(users["pelanggan"].email)
    assert order.number in to_customer["subject"]
    assert "/notifications/preferences/" in to_customer["body"]
    assert not smtp_server.to(users["cs"].email)  # the one who acted is not told
    mail = OutgoingMail.objects.get(to=users["pelanggan"].email)
    assert (mail.status, mail.attempts, mail.kind) == (MailStatus.SENT, 1, "order_validated")


@pytest.mark.django_db
def test_a_failing_mail_server_does_not_block_the_transition_and_the_mail_is_retried_later(
        users, order_at, smtp_server, django_capture_on_commit_callbacks):
    smtp_server.stop()
    order = _validate(order_at("SUBMITTED"), users, django_capture_on_commit_callbacks)

    assert order.state == OrderState.VALIDATED
    assert Notification.objects.filter(user=users["ketua_pji"], url=f"/orders/{order.pk}/").exists()
    mail = OutgoingMail.objects.get(to=users["ketua_pji"].email)
    assert mail.status == MailStatus.RETRYING and mail.attempts == 1
    assert "Connection" in mail.last_error or "refused" in mail.last_error.lower()
    assert mail.next_attempt_at > mail.last_attempt_at  # a delay before the next try

    assert retry_failed_emails(now=mail.last_attempt_at) == 0  # not before its time
    assert retry_failed_emails(now=mail.next_attempt_at) == 0  # the server is still down: tried again
    mail.refresh_from_db()
    assert mail.status == MailStatus.RETRYING and mail.attempts == 2
    second_delay = mail.next_attempt_at - mail.last_attempt_at
    assert second_delay > timedelta(seconds=60)  # the delay grows

    smtp_server.start()
    assert retry_failed_emails(now=mail.next_attempt_at) == 2  # the next actor's and the customer's
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT and mail.attempts == 3 and mail.sent_at
    [received] = smtp_server.to(users["ketua_pji"].email)
    assert order.number in received["subject"]


@pytest.mark.django_db
def test_after_the_last_attempt_the_mail_is_failed_and_the_admin_sends_it_again(
        users, order_at, smtp_server, login, settings, django_capture_on_commit_callbacks):
    settings.MAIL_MAX_ATTEMPTS = 2
    smtp_server.stop()
    order = _validate(order_at("SUBMITTED"), users, django_capture_on_commit_callbacks)
    mail = OutgoingMail.objects.get(to=users["ketua_pji"].email)
    retry_failed_emails(now=mail.next_attempt_at)
    mail.refresh_from_db()
    assert mail.status == MailStatus.FAILED and mail.attempts == 2 and mail.next_attempt_at is None
    assert retry_failed_emails(now=mail.last_attempt_at + timedelta(days=7)) == 0  # given up

    admin = login(users["admin"])
    page = admin.get("/notifications/mails/?status=FAILED").content.decode()
    assert users["ketua_pji"].email in page and "Gagal (percobaan habis)" in page and order.number in page

    smtp_server.start()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post("/notifications/mails/retry/", {"mail": mail.pk})
    assert response.status_code == 302
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT and mail.attempts == 3
    assert smtp_server.to(users["ketua_pji"].email)


@pytest.mark.django_db
def test_only_the_admin_sees_the_outgoing_mails(users, login):
    for name in ("pelanggan", "cs", "bendahara", "kepala_balai"):
        client = login(users[name])
        assert client.get("/notifications/mails/").status_code == 404, name
        assert client.post("/notifications/mails/retry/", {"all": "1"}).status_code == 404, name
    assert login(users["admin"]).get("/notifications/mails/").status_code == 200
