"""The customer is told when a report they hold stops being valid: once a correction's replacement is
signed (the old report superseded) or a revocation takes effect, each person of the customer's company
gets an in-app notice and an email naming the old report, the reason, the replacement and the public
verify pages; staff and other companies get nothing, and a failing notice never undoes the change."""
import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User, UserRole
from accounts.roles import Role
from certificates import amendments
from certificates.content import verify_url
from certificates.models import ChangeKind, ReportStatus
from notifications.models import MailStatus, Notification, OutgoingMail
from notifications.preferences import wants_email
from workflow.states import AccountState

KIND = "report_changed"
REASON = "Suhu ruang tercatat salah pada titik 200 g; nilai koreksi dihitung ulang."
STAFF = ("admin", "cs", "ketua_pji", "bendahara", "penyelia", "analis", "mt", "kepala_balai")


@pytest.fixture
def forwarded(small_order_at):
    return small_order_at("FORWARDED")


@pytest.fixture
def colleague(users):
    """A second member of the first customer's company, who joined by invitation."""
    person = User.objects.create(username="rekan", full_name="Rina Rekan", email="rina@sinarpresisi.co.id",
                                 company=users["pelanggan"].company, state=AccountState.ACTIVE, email_verified=True)
    UserRole.objects.create(user=person, role=Role.PELANGGAN)
    return person


def _notices(user):
    return list(Notification.objects.filter(user=user, kind=KIND))


def _mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email] and "tidak berlaku lagi" in m.subject]


def _approved_correction(users, order):
    report = order.reports.get()
    change = amendments.request_change(users["cs"], report.pk, ChangeKind.AMENDMENT, REASON)
    amendments.approve_change(users["ketua_pji"], change.pk)
    change.refresh_from_db()
    return report, change


def test_a_signed_replacement_tells_each_customer_once_after_the_commit(
        users, colleague, forwarded, passphrase, django_capture_on_commit_callbacks):
    old, change = _approved_correction(users, forwarded)
    assert not Notification.objects.filter(kind=KIND).exists()  # approving alone does not end the old report
    with django_capture_on_commit_callbacks(execute=True):
        new = amendments.sign_amendment(users["kepala_balai"], change.pk, passphrase)
        # nothing is told inside the signing transaction
        assert not Notification.objects.filter(kind=KIND).exists() and not OutgoingMail.objects.filter(kind=KIND)
    old.refresh_from_db()
    assert old.status == ReportStatus.SUPERSEDED

    order_url = reverse("orders:detail", args=[forwarded.pk])
    for person in (users["pelanggan"], colleague):
        [note] = _notices(person)
        assert note.url == order_url
        assert old.number in note.text and new.number in note.text and REASON in note.text
        [sent] = _mails_to(person)
        assert old.number in sent.subject and new.number in sent.subject
        assert old.number in sent.body and new.number in sent.body and REASON in sent.body
        assert verify_url(old) in sent.body and verify_url(new) in sent.body
        assert "/verify/" + old.token in sent.body and "/verify/" + new.token in sent.body
        assert order_url in sent.body
        assert OutgoingMail.objects.get(user=person, kind=KIND).status == MailStatus.SENT

    for name in (*STAFF, "pelanggan2"):
        assert not _notices(users[name]) and not _mails_to(users[name])
        assert not [m for m in mail.outbox if m.to == [users[name].email] and old.number in m.body]


def test_a_revocation_tells_the_customer_with_no_replacement(users, forwarded, django_capture_on_commit_callbacks):
    report = forwarded.reports.get()
    reason = "Alat yang dikalibrasi tertukar dengan alat pelanggan lain saat penerimaan."
    change = amendments.request_change(users["cs"], report.pk, ChangeKind.REVOCATION, reason)
    with django_capture_on_commit_callbacks(execute=True):
        amendments.approve_change(users["ketua_pji"], change.pk)
        assert not Notification.objects.filter(kind=KIND).exists()
    report.refresh_from_db()
    assert report.status == ReportStatus.REVOKED

    customer = users["pelanggan"]
    [note] = _notices(customer)
    assert report.number in note.text and "dicabut" in note.text and reason in note.text
    [sent] = _mails_to(customer)
    assert report.number in sent.body and reason in sent.body and "dicabut" in sent.body
    assert verify_url(report) in sent.body and "pengganti):" not in sent.body
    assert reverse("orders:detail", args=[forwarded.pk]) in sent.body
    for name in (*STAFF, "pelanggan2"):
        assert not _notices(users[name]) and not _mails_to(users[name])


def test_a_customer_who_switched_the_kind_off_keeps_the_notice_but_gets_no_email(
        users, colleague, login, forwarded, django_capture_on_commit_callbacks):
    customer = users["pelanggan"]
    assert wants_email(customer, KIND)  # on until switched off
    client = login(customer)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert f'value="{KIND}" checked' in page and "E-LHU saya digantikan atau dicabut" in page
    client.post(reverse("notifications:preferences"), {"kinds": ["report_ready", "order_validated"]})
    assert not wants_email(customer, KIND)

    report = forwarded.reports.get()
    change = amendments.request_change(users["cs"], report.pk, ChangeKind.REVOCATION, "Salah alat.")
    with django_capture_on_commit_callbacks(execute=True):
        amendments.approve_change(users["ketua_pji"], change.pk)
    assert len(_notices(customer)) == 1
    assert not _mails_to(customer) and not OutgoingMail.objects.filter(user=customer, kind=KIND).exists()
    assert len(_notices(colleague)) == 1 and len(_mails_to(colleague)) == 1  # a colleague's own choice stands


def test_a_failing_mail_server_does_not_undo_the_correction(
        users, forwarded, passphrase, monkeypatch, django_capture_on_commit_callbacks):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("notifications.outbox.EmailMultiAlternatives.send", refuse)
    old, change = _approved_correction(users, forwarded)
    with django_capture_on_commit_callbacks(execute=True):
        new = amendments.sign_amendment(users["kepala_balai"], change.pk, passphrase)
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == ReportStatus.SUPERSEDED and new.status == ReportStatus.SIGNED
    assert len(_notices(users["pelanggan"])) == 1
    assert OutgoingMail.objects.get(user=users["pelanggan"], kind=KIND).status == MailStatus.RETRYING


def test_a_failing_notice_does_not_undo_the_revocation(users, forwarded, monkeypatch,
                                                      django_capture_on_commit_callbacks):
    def broken(change_id):
        raise RuntimeError("notice failed")

    monkeypatch.setattr(amendments, "tell_customer", broken)
    report = forwarded.reports.get()
    change = amendments.request_change(users["cs"], report.pk, ChangeKind.REVOCATION, "Salah alat.")
    with django_capture_on_commit_callbacks(execute=True):
        amendments.approve_change(users["ketua_pji"], change.pk)  # the failure is logged, not raised
    report.refresh_from_db()
    assert report.status == ReportStatus.REVOKED
    assert not _notices(users["pelanggan"])
