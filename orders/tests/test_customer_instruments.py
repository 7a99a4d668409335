"""The customer's instruments: grouped by physical instrument with reports and dates; the customer's
own next due date; the reminder goes once per due date; ordering again from history."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from demo.road import demo_lines
from orders.models import CalibrationDue
from orders.registry import company_instruments, send_due_reminders, set_next_due
from orders.services import save_draft, submit_order
from workflow.engine import TransitionNotAllowed


def reminder_mails(user):
    return [m for m in mail.outbox if m.to == [user.email] and "Pengingat" in m.subject]


@pytest.mark.django_db
def test_the_page_groups_every_sent_instrument_with_its_signed_report_and_calibration_date(users, order_at, login):
    customer = users["pelanggan"]
    signed = order_at("SIGNED")
    again = save_draft(customer, demo_lines(count_mass=1, count_temp=0))  # balance B0001-XS sent a second time
    submit_order(customer, again.pk)
    save_draft(customer, demo_lines(count_mass=3, count_temp=0))  # a draft: never sent, not listed

    groups = {g.latest.serial_number: g for g in company_instruments(customer.company_id)}
    assert set(groups) == {"B0001-XS", "B0002-XS", "T0001"}
    balance = groups["B0001-XS"]
    assert {i.order_id for i in balance.sent} == {signed.pk, again.pk}
    assert balance.latest.order_id == again.pk
    report = signed.reports.get(instrument__serial_number="B0001-XS")
    assert balance.reports == [report]
    assert balance.last_calibrated == report.instrument.result_sheet.calibration_date is not None

    page = login(customer).get("/orders/instruments/").content.decode()
    assert f"/certificates/report/{report.pk}/signed.pdf" in page and report.number in page
    assert login(users["pelanggan2"]).get("/orders/instruments/").content.decode().count("SN ") == 0
    assert login(users["cs"]).get("/orders/instruments/").status_code == 404


@pytest.mark.django_db
def test_the_reminder_goes_once_per_due_date(users, order_at, settings, django_capture_on_commit_callbacks):
    settings.REMINDER_DAYS_BEFORE = 30
    customer = users["pelanggan"]
    order = order_at("SUBMITTED")
    balance = order.instruments.get(serial_number="B0001-XS")
    today = timezone.localdate()
    set_next_due(customer, balance.pk, today + timedelta(days=45))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(today) == 0  # not yet within 30 days
        assert send_due_reminders(today + timedelta(days=15)) == 1
        assert send_due_reminders(today + timedelta(days=16)) == 0  # already sent for this date
        call_command("scheduler", "--once")
    mails = reminder_mails(customer)
    assert len(mails) == 1
    assert "Neraca analitik" in mails[0].subject and "B0001-XS" in mails[0].subject
    due = CalibrationDue.objects.get()
    assert due.reminded_for == today + timedelta(days=45) and due.reminded_at is not None

    # A new due date chosen by the customer gets its own reminder, once.
    set_next_due(customer, balance.pk, today + timedelta(days=20))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(today) == 1
        assert send_due_reminders(today) == 0
    assert len(reminder_mails(customer)) == 2


@pytest.mark.django_db
def test_only_the_company_sets_a_future_due_date_of_its_own_instrument(users, order_at, login):
    order = order_at("SUBMITTED")
    inst = order.instruments.first()
    today = timezone.localdate()
    with pytest.raises(TransitionNotAllowed):
        set_next_due(users["pelanggan2"], inst.pk, today + timedelta(days=30))
    with pytest.raises(ValidationError):
        set_next_due(users["pelanggan"], inst.pk, today)
    client = login(users["pelanggan"])
    response = client.post(f"/orders/instruments/{inst.pk}/next-due/", {"next_due": "31-31-2026"}, follow=True)
    assert "Tanggal tidak dikenali" in response.content.decode()
    due_date = (today + timedelta(days=60)).isoformat()
    client.post(f"/orders/instruments/{inst.pk}/next-due/", {"next_due": due_date})
    assert CalibrationDue.objects.get().next_due.isoformat() == due_date
    assert due_date in client.get("/orders/instruments/").content.decode()


@pytest.mark.django_db
def test_an_instrument_from_history_prefills_a_new_order_line(users, order_at, login):
    order = order_at("SUBMITTED")
    old = order.instruments.get(serial_number="B0002-XS")
    client = login(users["pelanggan"])
    page = client.get(f"/orders/new/?from={old.pk}").content.decode()
    for value in ("Mettler Toledo", "XS205", "B0002-XS", "220 g", "0,01 mg"):
        assert value in page
    assert f'<option value="{old.instrument_type_id}" selected' in page
    page = client.post("/orders/new/", {"line-TOTAL_FORMS": "0", "line-INITIAL_FORMS": "0",
                                         "add_history": str(old.pk)}).content.decode()
    assert "B0002-XS" in page
    # Another company's instrument is not offered.
    assert "B0002-XS" not in login(users["pelanggan2"]).get(f"/orders/new/?from={old.pk}").content.decode()
