"""Each mail says what happened, what to do next and by when, with the facts the person needs, in the
recipient's language (not the language of whoever acted), as plain text with an HTML alternative. Read
from the messages a real SMTP server (aiosmtpd) received."""
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from accounts import services as accounts
from accounts.models import User
from accounts.roles import Role
from billing.models import Billing
from billing.services import issue_billing, reject_payment
from certificates.services import forward_reports
from notifications.content import forget_calendar
from notifications.models import Notification
from orders.services import approve_tariff
from workflow.models import AuditEntry
from workflow.sla import due_at
from workflow.table import rows_for
from workflow.worktime import office_calendar

MONTHS = {"id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                 "Oktober", "November", "Desember"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December"]}


def wib(moment, language="id") -> str:
    """'11 Desember 2026 14:05 WIB': the moment in the office's zone, as a person there writes it."""
    local = timezone.localtime(moment, ZoneInfo("Asia/Jakarta"))
    return f"{local.day} {MONTHS[language][local.month - 1]} {local.year} {local:%H:%M} WIB"


def rp(amount: int) -> str:
    return f"Rp {amount:,}".replace(",", ".")


def only(server, user):
    [message] = server.to(user.email)
    return message


def assert_both_parts(message, *texts):
    assert "text/plain" in message["types"] and "text/html" in message["types"]
    for text in texts:
        assert text in message["body"], text
        assert text in message["html"], text


@pytest.mark.django_db
def test_the_billing_mail_carries_the_code_the_amount_the_expiry_in_wib_and_how_to_pay(
        users, order_at, smtp_server, django_capture_on_commit_callbacks):
    order = order_at("BILLING_REQUESTED")
    with django_capture_on_commit_callbacks(execute=True):
        issue_billing(users["bendahara"], order.pk)
    billing = Billing.objects.get(order=order)

    message = only(smtp_server, users["pelanggan"])
    body = message["body"]
    assert_both_parts(message, billing.code, rp(billing.amount), wib(billing.expires_at))
    assert f"Kode billing: {billing.code}" in body
    assert f"Batas waktu: {wib(billing.expires_at)}" in body  # by when, in the office's zone
    assert "Cara membayar" in body and "MPN" in body and "teller" in body  # how to pay
    assert "Yang perlu Anda lakukan:" in body and "unggah Bukti Penerimaan Negara" in body
    assert f"http://127.0.0.1:8000/orders/{order.pk}/" in body


@pytest.mark.django_db
def test_the_rejected_payment_mail_carries_the_treasurers_reason_and_the_billings_deadline(
        users, order_at, smtp_server, django_capture_on_commit_callbacks):
    order = order_at("PAYMENT_SUBMITTED")
    reason = "Nominal pada bukti Rp 100.000, kurang dari tagihan."
    with django_capture_on_commit_callbacks(execute=True):
        reject_payment(users["bendahara"], order.pk, reason)
    billing = Billing.objects.get(order=order)

    message = only(smtp_server, users["pelanggan"])
    assert_both_parts(message, reason, billing.code, wib(billing.expires_at))
    assert f"Alasan penolakan: {reason}" in message["body"]
    assert "ditolak oleh Bendahara" in message["body"] and "unggah bukti bayar yang benar" in message["body"]


@pytest.mark.django_db
def test_the_price_mail_carries_the_price_and_each_correction_with_its_reason(
        users, order_at, smtp_server, django_capture_on_commit_callbacks):
    order = order_at("VALIDATED")
    first, second, *_others = order.instruments.order_by("position")
    before = first.effective_amount
    with django_capture_on_commit_callbacks(execute=True):
        approve_tariff(users["ketua_pji"], order.pk, {first.pk: (321000, "Titik ukur tambahan 200 g")})
    order.refresh_from_db()

    message = only(smtp_server, users["pelanggan"])
    body = message["body"]
    assert_both_parts(message, rp(order.total_amount), "Titik ukur tambahan 200 g", rp(before), rp(321000))
    assert f"Total harga: {rp(order.total_amount)}" in body
    assert f"{rp(before)} menjadi {rp(321000)}. Alasan: Titik ukur tambahan 200 g" in body
    assert first.serial_number in body and second.serial_number not in body  # only the corrected line
    assert "setujui harga" in body and "tolak harga" in body  # what to do next


@pytest.mark.django_db
def test_the_certificate_mail_names_the_reports_and_that_the_survey_comes_before_the_download(
        users, order_at, smtp_server, django_capture_on_commit_callbacks):
    order = order_at("SIGNED")
    with django_capture_on_commit_callbacks(execute=True):
        forward_reports(users["cs"], order.pk)
    numbers = list(order.reports.values_list("number", flat=True))
    assert numbers

    message = only(smtp_server, users["pelanggan"])
    assert_both_parts(message, *numbers)
    assert "survei kepuasan" in message["body"] and "Setelah survei terisi, E-LHU dapat diunduh" in message["body"]
    assert f"http://127.0.0.1:8000/survey/order/{order.pk}/" in message["body"]


@pytest.mark.django_db
def test_the_next_actor_is_told_the_step_waiting_for_them_and_its_time_norm(
        users, order_at, smtp_server, django_capture_on_commit_callbacks):
    from orders.services import validate_order

    forget_calendar()  # a day off another test saved (and rolled back) is not this office's calendar
    order = order_at("SUBMITTED")
    with django_capture_on_commit_callbacks(execute=True):
        validate_order(users["cs"], order.pk)
    message = only(smtp_server, users["ketua_pji"])
    assert_both_parts(message, "Menyetujui tarif")
    assert "Langkah berikutnya menunggu Anda: “Menyetujui tarif”" in message["body"]
    entered = AuditEntry.objects.get(order=order, code="order.validate").at
    due = due_at(office_calendar(), rows_for("order.approve_tariff")[0], entered)  # the inbox's SLA clock
    assert f"Batas waktu: {wib(due)} (norma waktu SOP: 10 menit jam kerja)" in message["body"]
    assert f"{users['cs'].full_name} (Customer Service)" in message["body"]


def _applicant(language=""):
    with translation.override(language or "id"):
        account = accounts.register_customer(
            username="sri", full_name="Sri Wahyuni", email="sri@ukurtepat.co.id", phone="0711 123456",
            nik="1671000000000001", password="Kalibrasi-2026!", company_name="PT Ukur Tepat",
            npwp="0123456789012345", address="Jl. Merdeka 1, Palembang")
    accounts.mark_email_verified(account)
    return account


@pytest.mark.django_db
def test_the_activation_mail_carries_the_login_link(users, smtp_server, django_capture_on_commit_callbacks):
    account = _applicant()
    assert account.language == ""  # registered in Bahasa Indonesia: the default
    with django_capture_on_commit_callbacks(execute=True):
        accounts.activate_account(users["admin"], account.pk)

    message = only(smtp_server, account)
    assert message["subject"] == "Akun SIPPT Kalibrasi Anda telah aktif"
    assert_both_parts(message, "http://127.0.0.1:8000/accounts/login/", "sri@ukurtepat.co.id")
    assert "telah diaktifkan" in message["body"] and "ajukan permohonan kalibrasi" in message["body"]


@pytest.mark.django_db
def test_the_refusal_mail_carries_the_reason(users, smtp_server, django_capture_on_commit_callbacks):
    account = _applicant()
    reason = "NPWP tidak sesuai dengan nama perusahaan."
    with django_capture_on_commit_callbacks(execute=True):
        accounts.refuse_account(users["admin"], account.pk, reason)

    message = only(smtp_server, account)
    assert_both_parts(message, reason)
    assert f"Alasan: {reason}" in message["body"] and "ditolak" in message["body"]


@pytest.mark.django_db
def test_an_applicant_who_registered_in_english_is_activated_in_english_by_an_indonesian_admin(
        users, smtp_server, django_capture_on_commit_callbacks):
    account = _applicant("en")
    assert account.language == "en"
    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        accounts.activate_account(users["admin"], account.pk)

    message = only(smtp_server, account)
    assert message["subject"] == "Your SIPPT Kalibrasi account is active"
    assert_both_parts(message, "Dear Sri Wahyuni,", "http://127.0.0.1:8000/accounts/login/")
    assert "What you need to do:" in message["body"] and "Yth." not in message["body"]


@pytest.mark.django_db
def test_an_english_preferring_customer_gets_english_while_the_indonesian_treasurer_acted(
        users, order_at, smtp_server, django_capture_on_commit_callbacks):
    customer = users["pelanggan"]
    customer.language = "en"
    customer.save(update_fields=["language"])
    colleague = User.objects.create_user(username="rekan", email="rekan@example.com", password="x",
                                         full_name="Rekan Kerja", company=customer.company, email_verified=True)
    colleague.roles.create(role=Role.PELANGGAN)
    order = order_at("BILLING_REQUESTED")
    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        issue_billing(users["bendahara"], order.pk)
    billing = Billing.objects.get(order=order)

    english = only(smtp_server, customer)
    assert english["subject"] == f"[SIPPT Kalibrasi] {order.number}: Creates the e-billing"
    assert_both_parts(english, f"Dear {customer.full_name},", billing.code, wib(billing.expires_at, "en"),
                      "How to pay", "What you need to do:")
    assert f"Billing code: {billing.code}" in english["body"] and "Deadline:" in english["body"]
    assert "Yth." not in english["body"] and "Cara membayar" not in english["body"]

    indonesian = only(smtp_server, colleague)
    assert_both_parts(indonesian, "Yth. Rekan Kerja,", wib(billing.expires_at), "Cara membayar")

    # The in-app notices too: each in its person's language.
    assert Notification.objects.get(user=customer).text == f"{order.number}: Creates the e-billing"
    assert Notification.objects.get(user=colleague).text == f"{order.number}: Membuat e-billing"


@pytest.mark.django_db
def test_a_day_off_the_admin_adds_moves_the_deadline_the_next_mail_states(
        users, order_at, smtp_server, django_capture_on_commit_callbacks):
    from orders.services import validate_order
    from workflow.models import CalendarException

    forget_calendar()
    first, second = order_at("SUBMITTED"), order_at("SUBMITTED")
    with django_capture_on_commit_callbacks(execute=True):
        validate_order(users["cs"], first.pk)
    row = rows_for("order.approve_tariff")[0]
    due = due_at(office_calendar(), row, AuditEntry.objects.get(order=first, code="order.validate").at)
    assert f"Batas waktu: {wib(due)}" in only(smtp_server, users["ketua_pji"])["body"]

    day_off = timezone.localtime(due, ZoneInfo("Asia/Jakarta")).date()
    CalendarException.objects.create(date=day_off, is_working_day=False, description="Cuti bersama")
    with django_capture_on_commit_callbacks(execute=True):
        validate_order(users["cs"], second.pk)
    later = due_at(office_calendar(), row, AuditEntry.objects.get(order=second, code="order.validate").at)
    assert timezone.localtime(later, ZoneInfo("Asia/Jakarta")).date() > day_off
    [_first, mail] = smtp_server.to(users["ketua_pji"].email)
    assert f"Batas waktu: {wib(later)}" in mail["body"]
