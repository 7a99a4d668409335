"""Notices and the mail outbox per unit: a matter of one unit (an order's complaint, its payment) reaches
that unit's staff and the customer, never another unit's staff; an admin satker's outbox lists their
unit's mails only and sends none of another unit's again; the central admin reads every unit's. A mail
about a Makassar order names BSPJI Makassar and its address."""
import pytest
from django.core import mail

from accounts.models import UserRole
from accounts.roles import Role
from complaints.services import lodge
from demo.units import seed_units
from notifications.models import MailStatus, Notification, OutgoingMail
from notifications.services import notify
from orders.models import Order
from units.models import Unit


@pytest.fixture
def makassar(users):
    """The demo's Makassar unit with its staff, and the Palembang demo accounts beside them."""
    staff = seed_units()
    return Unit.objects.get(code="bspji-makassar"), staff


def _move(order, unit):
    Order.objects.filter(pk=order.pk).update(unit=unit)
    order.refresh_from_db()
    return order


@pytest.mark.django_db
def test_a_complaint_about_a_makassar_order_tells_makassars_cs_only(makassar, users, order_at, login,
                                                                     django_capture_on_commit_callbacks):
    unit, staff = makassar
    order = _move(order_at("VALIDATED"), unit)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lodge(users["pelanggan"], order.pk, "Sertifikat terlambat", "Belum kami terima.")
    told = set(Notification.objects.filter(kind="complaint").values_list("user__username", flat=True))
    assert told == {"cs_mks"}
    assert {m.to for m in OutgoingMail.objects.filter(kind="complaint")} == {staff["cs_mks"].email}
    assert all(m.unit_id == unit.pk for m in OutgoingMail.objects.filter(kind="complaint"))
    assert order.number in login(staff["cs_mks"]).get("/notifications/").content.decode()
    assert order.number not in login(users["cs"]).get("/notifications/").content.decode()


@pytest.mark.django_db
def test_a_member_of_staff_reads_no_notice_of_a_unit_they_left(makassar, users, login):
    unit, _staff = makassar
    notify(users["cs"], "Pesanan MKS/ORD/2026/12/000009 menunggu Anda", "/orders/", kind="action", unit=unit)
    # notify does not tell a member of staff of another unit: stored as it was before they moved
    assert not Notification.objects.filter(user=users["cs"]).exists()
    Notification.objects.create(user=users["cs"], text="Pesanan MKS/ORD/2026/12/000009 menunggu Anda", unit=unit)
    Notification.objects.create(user=users["cs"], text="Pesanan ORD/2026/12/000001 menunggu Anda",
                                unit=users["cs"].roles.get().unit)
    page = login(users["cs"]).get("/notifications/").content.decode()
    assert "ORD/2026/12/000001" in page and "MKS/ORD/2026/12/000009" not in page
    UserRole.objects.create(user=users["cs"], role=Role.CS, unit=unit)  # now CS in Makassar too
    assert "MKS/ORD/2026/12/000009" in login(users["cs"]).get("/notifications/").content.decode()


@pytest.mark.django_db
def test_each_units_admin_reads_and_retries_their_units_mails_and_the_central_admin_reads_all(
        makassar, users, order_at, login, django_capture_on_commit_callbacks):
    unit, staff = makassar
    here, there = order_at("VALIDATED"), _move(order_at("VALIDATED"), unit)
    with django_capture_on_commit_callbacks(execute=True):
        lodge(users["pelanggan"], here.pk, "Alat belum kembali", "Mohon dicek.")
        lodge(users["pelanggan"], there.pk, "Sertifikat terlambat", "Belum kami terima.")
    theirs = OutgoingMail.objects.get(kind="complaint", unit=unit)
    ours = OutgoingMail.objects.get(kind="complaint", unit=users["cs"].roles.get().unit)
    OutgoingMail.objects.filter(pk__in=[theirs.pk, ours.pk]).update(status=MailStatus.FAILED)

    palembang = login(users["admin"]).get("/notifications/mails/").content.decode()
    assert here.number in palembang and there.number not in palembang
    makassar_page = login(staff["admin_mks"]).get("/notifications/mails/").content.decode()
    assert there.number in makassar_page and here.number not in makassar_page
    central = login(staff["admin_pusat"]).get("/notifications/mails/")
    assert central.status_code == 200
    text = central.content.decode()
    assert here.number in text and there.number in text and "BSPJI Makassar" in text
    assert "/notifications/mails/retry/" not in text and "Kirim ulang sekarang" not in text  # reads, sends nothing again

    client = login(users["admin"])
    client.post("/notifications/mails/retry/", {"mail": [theirs.pk]})
    client.post("/notifications/mails/retry/", {"all": "1"})
    theirs.refresh_from_db()
    ours.refresh_from_db()
    assert theirs.status == MailStatus.FAILED  # another unit's mail: not sent again from here
    assert ours.status != MailStatus.FAILED
    assert login(staff["admin_pusat"]).post("/notifications/mails/retry/", {"all": "1"}).status_code == 404
    assert login(staff["cs_mks"]).get("/notifications/mails/").status_code == 404


@pytest.mark.django_db
def test_the_paid_mail_of_a_makassar_order_sends_the_customer_to_makassar(makassar, users, order_at,
                                                                         django_capture_on_commit_callbacks):
    from demo.steps import accept_payment

    unit, staff = makassar
    order = _move(order_at("PAYMENT_SUBMITTED"), unit)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        accept_payment({**users, "bendahara": staff["bendahara_mks"]}, order)
    paid = [m for m in mail.outbox if users["pelanggan"].email in m.to]
    assert paid, "the customer is told the order is paid"
    body = paid[-1].body
    assert unit.name in body and unit.address in body
    assert "Palembang" not in body
