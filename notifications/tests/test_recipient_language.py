"""Notices and mails of the other apps (complaints, recalibration reminders) are written in the language
each recipient saved, not in the language of whoever acted or of the scheduler."""
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from accounts.roles import Role
from notifications.models import Notification


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])


@pytest.mark.django_db
def test_a_complaint_notice_reaches_an_english_customer_in_english_and_indonesian_cs_in_indonesian(
        users, order_at, django_capture_on_commit_callbacks):
    from complaints import services

    customer, cs = users["pelanggan"], users["cs"]
    _english(customer)
    order = order_at("PAID")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        complaint = services.lodge(customer, order.pk, "Alat belum diterima", "Sudah dikirim 3 hari lalu.")
    to_cs = Notification.objects.get(user=cs)
    assert to_cs.text.startswith(f"Pengaduan baru atas pesanan {order.number}")  # CS reads Indonesian

    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        services.acknowledge(cs, complaint.pk, "Kami periksa.")
    expected = f"Complaint #{complaint.pk} about order {order.number} has been received and is being handled."
    assert Notification.objects.get(user=customer).text == expected
    [message] = [m for m in mail.outbox if m.to == [customer.email]]
    assert message.subject == f"[SIPPT Kalibrasi] {expected}" and f"Dear {customer.full_name}," in message.body
    assert "What you need to do:" in message.body and f"/complaints/{complaint.pk}/" in message.body
    assert [alt for alt in message.alternatives if alt[1] == "text/html"]


@pytest.mark.django_db
def test_the_scheduler_reminds_each_member_in_their_own_language(
        users, order_at, settings, django_capture_on_commit_callbacks):
    from accounts.models import User
    from orders.registry import send_due_reminders, set_next_due

    settings.REMINDER_DAYS_BEFORE = 30
    customer = users["pelanggan"]
    colleague = User.objects.create_user(username="rekan", email="rekan@example.com", password="x",
                                         full_name="Rekan Kerja", company=customer.company, email_verified=True)
    colleague.roles.create(role=Role.PELANGGAN)
    _english(customer)
    order = order_at("SUBMITTED")
    balance = order.instruments.get(serial_number="B0001-XS")
    today = timezone.localdate()
    set_next_due(customer, balance.pk, today + timedelta(days=10))
    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(today) == 1

    assert Notification.objects.get(user=customer).text.startswith("Reminder: ")
    assert Notification.objects.get(user=colleague).text.startswith("Pengingat: ")
    [english] = [m for m in mail.outbox if m.to == [customer.email]]
    assert english.subject.startswith("[SIPPT Kalibrasi] Reminder: ") and "B0001-XS" in english.subject
    due = today + timedelta(days=10)
    assert f"Deadline: {due.day} {due:%B} {due.year}" in english.body  # by when: the date the customer chose
    assert "Submit a recalibration request before that date" in english.body and "/orders/instruments/" in english.body
    [indonesian] = [m for m in mail.outbox if m.to == [colleague.email]]
    assert "Ajukan permohonan kalibrasi ulang" in indonesian.body and "Batas waktu:" in indonesian.body
    assert [alt for alt in english.alternatives if alt[1] == "text/html" and "B0001-XS" in alt[0]]


@pytest.mark.django_db
def test_an_english_admin_is_told_of_a_data_request_in_english_when_an_indonesian_customer_asks(
        users, django_capture_on_commit_callbacks):
    from accounts.personal_data import ask

    _english(users["admin"])
    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        item = ask(users["pelanggan"], "CORRECTION", "Nama perusahaan salah ketik.")
    assert Notification.objects.get(user=users["admin"]).text == f"New data correction request (#{item.pk})"
