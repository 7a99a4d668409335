"""Step 3 branch: ADMIN refuses an account with a reason; the applicant is told and cannot log in."""
import pytest
from django.core import mail

from accounts import services
from accounts.models import User
from accounts.roles import Role
from core.tests.support import assert_audit
from workflow.states import AccountState

from .test_registration import PASSWORD, form


@pytest.fixture
def applicant(client, users):
    client.post("/accounts/register/", form())
    account = User.objects.get(email="sri@ukurtepat.co.id")
    services.mark_email_verified(account)
    return account


@pytest.mark.django_db
def test_admin_refuses_an_account_with_a_reason_the_applicant_is_mailed(
        applicant, users, login, django_capture_on_commit_callbacks):
    reason = "NPWP tidak sesuai dengan nama perusahaan."
    c = login(users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(f"/accounts/review/{applicant.pk}/refuse/", {"reason": reason})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.state == AccountState.REFUSED and applicant.refusal_reason == reason and not applicant.is_active
    assert_audit("account.refuse", actor=users["admin"], role=Role.ADMIN, step=None,
                 from_state=AccountState.AWAITING_ACTIVATION, to_state=AccountState.REFUSED, account=applicant)
    assert any(m.to == [applicant.email] and reason in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_a_refused_applicant_cannot_log_in_and_is_told_why(applicant, users, client):
    services.refuse_account(users["admin"], applicant.pk, "Data perusahaan tidak lengkap.")
    client.logout()
    response = client.post("/accounts/login/", {"username": "sri@ukurtepat.co.id", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "Data perusahaan tidak lengkap." in response.content.decode()


@pytest.mark.django_db
def test_refusing_needs_a_reason(applicant, users, login):
    response = login(users["admin"]).post(f"/accounts/review/{applicant.pk}/refuse/", {"reason": ""}, follow=True)
    assert "alasan" in response.content.decode().lower()
    applicant.refresh_from_db()
    assert applicant.state == AccountState.AWAITING_ACTIVATION


@pytest.mark.django_db
def test_a_refused_account_cannot_then_be_activated(applicant, users, login):
    services.refuse_account(users["admin"], applicant.pk, "Duplikat.")
    response = login(users["admin"]).post(f"/accounts/review/{applicant.pk}/activate/", follow=True)
    assert response.status_code == 200
    applicant.refresh_from_db()
    assert applicant.state == AccountState.REFUSED and not applicant.is_active
