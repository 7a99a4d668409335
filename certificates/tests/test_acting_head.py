"""An acting head of centre (Plh./Plt.) signs within the period the admin granted, and only then."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User, UserRole
from accounts.roles import Role
from certificates import batch as batches
from certificates import services
from certificates.demo import DEMO_PASSPHRASE, ensure_demo_keys, issue_demo_key
from certificates.models import ActingKind, ReportStatus, SigningDelegation
from certificates.tests.conftest import pdf_text
from workflow.engine import TransitionNotAllowed
from workflow.states import OrderState


@pytest.fixture
def acting(users):
    """A section head (MT) who is not head of centre, with a signing key."""
    person = User.objects.create_user("plh", password="x", full_name="Dr. Sari Wulandari, M.T.",
                                      nip="198203152006042001", position="Kepala Seksi Pengembangan Jasa")
    UserRole.objects.create(user=person, role=Role.MT)
    issue_demo_key(person)
    ensure_demo_keys()
    return person


def _grant(person, users, start, end):
    return SigningDelegation.objects.create(user=person, kind=ActingKind.PLH, starts_on=start, ends_on=end,
                                            granted_by=users["admin"], decree="ND-12/BSPJI/XI/2026")


def test_within_the_period_the_acting_head_is_asked_and_signs_as_plh(users, acting, asked_to_sign, login, tmp_path,
                                                                   settings):
    today = timezone.localdate()
    _grant(acting, users, today - dt.timedelta(days=1), today + dt.timedelta(days=2))
    assert acting in services.heads_of_centre()
    order, [report] = asked_to_sign(1, signer=acting)

    client = login(acting)
    inbox = client.get(reverse("certificates:sign_inbox")).content.decode()
    assert report.number in inbox and "Plh. Kepala" in inbox
    assert client.get(reverse("certificates:preview", args=[report.pk])).status_code == 200

    batch = batches.start_batch(acting, [report.pk], DEMO_PASSPHRASE)
    report.refresh_from_db()
    order.refresh_from_db()
    assert batch.items.get().status == "SIGNED", batch.items.get().reason
    assert report.status == ReportStatus.SIGNED and order.state == OrderState.SIGNED
    position = f"Plh. Kepala {settings.BALAI_NAME}"
    assert report.signer_position == position
    text = " ".join(pdf_text(services.signed_content(report), tmp_path).split())
    assert acting.full_name in text and acting.nip in text and position in text
    assert "Acting head of the centre" in text
    verify = client.get(reverse("verify", args=[report.token])).content.decode()
    assert position in verify


@pytest.mark.parametrize("days", [(-10, -1), (1, 5)], ids=["ended", "not-yet"])
def test_outside_the_period_the_acting_head_cannot_sign(users, acting, asked_to_sign, login, days):
    today = timezone.localdate()
    _grant(acting, users, today + dt.timedelta(days=days[0]), today + dt.timedelta(days=days[1]))
    order, [report] = asked_to_sign(1, signer=acting)
    assert acting not in services.heads_of_centre()
    with pytest.raises(TransitionNotAllowed):
        services.sign_reports(acting, order.pk, DEMO_PASSPHRASE)
    with pytest.raises(TransitionNotAllowed):
        batches.start_batch(acting, [report.pk], DEMO_PASSPHRASE)
    assert login(acting).get(reverse("certificates:sign_inbox")).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.NUMBERED



def test_the_admin_grants_a_period_and_the_grant_is_audited(users, acting, login):
    from workflow.models import AuditEntry

    admin_user = User.objects.create_superuser("root", password="x", email="root@example.go.id", full_name="Root")
    client = login(admin_user)
    today = timezone.localdate()
    response = client.post(reverse("admin:certificates_signingdelegation_add"), {
        "user": acting.pk, "kind": "PLH", "starts_on": today.isoformat(), "ends_on": today.isoformat(),
        "position": "", "decree": "ND-1/2026"})
    assert response.status_code == 302, response.content.decode()[:2000]
    delegation = SigningDelegation.objects.get()
    assert delegation.granted_by == admin_user and acting in services.heads_of_centre()
    assert AuditEntry.objects.filter(code="signing.delegation_saved", account=acting).exists()
    response = client.post(reverse("admin:certificates_signingdelegation_add"), {
        "user": acting.pk, "kind": "PLT", "starts_on": today.isoformat(),
        "ends_on": (today - dt.timedelta(days=1)).isoformat()})
    assert response.status_code == 200 and SigningDelegation.objects.count() == 1
