"""Each person chooses which emails they get; in-app notices are always kept."""
import pytest
from django.core import mail

from notifications.models import EmailPreference, Notification, OutgoingMail
from notifications.preferences import wants_email
from notifications.services import notify
from orders.services import validate_order


@pytest.mark.django_db
def test_a_customer_who_switched_a_milestone_off_gets_the_notice_but_no_email(
        users, order_at, login, django_capture_on_commit_callbacks):
    customer = users["pelanggan"]
    page = login(customer).get("/notifications/preferences/").content.decode()
    assert "Order divalidasi dan diberi nomor" in page and "Laporan hasil (E-LHU) siap" in page
    kinds = ["action", "price_ready", "billing_ready", "paid", "instrument_received", "report_ready",
             "instrument_due", "complaint"]  # everything but "order validated"
    response = login(customer).post("/notifications/preferences/", {"kinds": kinds})
    assert response.status_code == 302
    assert not wants_email(customer, "order_validated") and wants_email(customer, "price_ready")

    order = order_at("SUBMITTED")
    with django_capture_on_commit_callbacks(execute=True):
        validate_order(users["cs"], order.pk)
    assert Notification.objects.filter(user=customer, url=f"/orders/{order.pk}/").exists()
    assert not [m for m in mail.outbox if m.to == [customer.email]]
    assert [m for m in mail.outbox if m.to == [users["ketua_pji"].email]]  # the next actor still is told


@pytest.mark.django_db
def test_unknown_kinds_are_sent_and_a_switched_off_kind_is_not(users, django_capture_on_commit_callbacks):
    analyst = users["analis"]
    with django_capture_on_commit_callbacks(execute=True):
        notify(analyst, "Pesan dari modul baru", "/", kind="kind_nobody_knows")
    assert [m.subject for m in mail.outbox if m.to == [analyst.email]] == ["[SIPPT Kalibrasi] Pesan dari modul baru"]

    EmailPreference.objects.create(user=analyst, kind="complaint", enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        made = notify([analyst, users["penyelia"]], "Pengaduan baru", "/", kind="complaint")
    assert len(made) == 2 and {n.kind for n in made} == {"complaint"}
    assert not [m for m in mail.outbox if m.to == [analyst.email] and "Pengaduan" in m.subject]
    assert [m for m in mail.outbox if m.to == [users["penyelia"].email] and "Pengaduan" in m.subject]


@pytest.mark.django_db
def test_staff_choose_among_their_kinds_and_account_mails_cannot_be_switched_off(users, login):
    client = login(users["cs"])
    page = client.get("/notifications/preferences/").content.decode()
    assert "Langkah yang menunggu tindakan saya" in page and "Harga siap disetujui" not in page
    client.post("/notifications/preferences/", {"kinds": []})
    assert not wants_email(users["cs"], "action")
    assert wants_email(users["cs"], "account")


@pytest.mark.django_db
def test_a_notification_made_the_first_way_still_sends_its_email(users):
    """Callers of the first version create notices and hand their ids to the task."""
    from notifications.tasks import send_notification_emails

    note = Notification.objects.create(user=users["mt"], text="Pengingat", url="/")
    assert send_notification_emails.call([note.pk]) == 1
    assert OutgoingMail.objects.get(notification=note).status == "SENT"
    assert [m for m in mail.outbox if m.to == [users["mt"].email]]


@pytest.mark.django_db
def test_the_customer_is_mailed_at_milestones_and_the_steps_that_wait_for_them_not_at_internal_moves(
        users, order_at):
    from notifications.services import recipients_with_kinds
    from workflow.table import rows_for

    order = order_at("SUBMITTED")
    customer = users["pelanggan"]

    def kind_for(code, obj, actor):
        return {pk: kind for pk, (_person, kind) in recipients_with_kinds(rows_for(code)[0], obj, actor).items()}

    assert kind_for("order.validate", order, users["cs"])[customer.pk] == "order_validated"
    assert kind_for("order.validate", order, users["cs"])[users["ketua_pji"].pk] == "action"
    assert kind_for("order.forward", order, users["cs"])[customer.pk] == "report_ready"
    assert kind_for("order.reject_payment", order, users["bendahara"])[customer.pk] == "action"
    internal = kind_for("instrument.assign", order.instruments.first(), users["penyelia"])
    assert internal[customer.pk] == "order_update" and internal[users["mt"].pk] == "action"
    assert not wants_email(customer, "order_update")  # off unless the customer switches it on
