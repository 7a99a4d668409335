"""Steps 1-2: registration through the form, checked identity numbers, email verification."""
import re

import pytest
from django.core import mail

from accounts.models import User
from core.tests.support import NIK, valid_npwp
from workflow.states import AccountState

PASSWORD = "Timbangan#Presisi-2026"


def form(**over):
    data = {"full_name": "Sri Wahyuni", "email": "sri@ukurtepat.co.id", "phone": "0711-354120", "nik": NIK[:-1] + "4",
            "company_name": "PT Ukur Tepat", "npwp": valid_npwp(3), "address": "Jl. Sudirman 9, Palembang",
            "password1": PASSWORD, "password2": PASSWORD, "consent": "on"}
    data.update(over)
    return data


@pytest.mark.django_db
def test_registration_creates_an_account_waiting_for_activation_and_mails_a_link(
        client, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/register/", form())
    assert response.status_code == 200
    account = User.objects.get(email="sri@ukurtepat.co.id")
    assert account.state == AccountState.AWAITING_ACTIVATION and not account.is_active and not account.email_verified
    assert account.is_customer and account.company.name == "PT Ukur Tepat"
    assert any(m.to == ["sri@ukurtepat.co.id"] and "/accounts/verify/" in m.body for m in mail.outbox)


@pytest.mark.django_db
@pytest.mark.parametrize("field, value", [
    ("nik", "3171019999850003"),  # impossible birth date
    ("nik", "12345"),
    ("npwp", "012345678901000"),  # fails the check digit
    ("npwp", "1234"),
    ("phone", "call me"),
    ("password2", "something-else"),
])
def test_registration_refuses_invalid_identity_numbers_and_input(client, users, field, value):
    response = client.post("/accounts/register/", form(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.filter(email="sri@ukurtepat.co.id").exists()


@pytest.mark.django_db
def test_a_taken_email_gets_the_same_answer_and_its_owner_is_told(client, users, django_capture_on_commit_callbacks):
    """A stranger cannot learn who has an account: a registered address gets the same 'check your mail'
    page as a new one, nothing is created, and the owner of the address is mailed instead."""
    new = client.post("/accounts/register/", form()).content.decode()
    before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post("/accounts/register/", form(email="PELANGGAN@demo.sippt.local", npwp=valid_npwp(4)))
    assert taken.status_code == 200 and "form" not in (taken.context or {})
    def main(html):  # the page without its per-request CSRF token
        return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", html.replace("pelanggan@demo.sippt.local", "sri@ukurtepat.co.id"))
    assert main(taken.content.decode()) == main(new)
    assert User.objects.count() == before
    owner_mails = [m for m in mail.outbox if m.to == [users["pelanggan"].email]]
    assert len(owner_mails) == 1 and "mencoba mendaftar" in owner_mails[0].body
    assert "/accounts/login/" in owner_mails[0].body and "/accounts/verify/" not in owner_mails[0].body


@pytest.mark.django_db
def test_registration_asks_no_user_name_and_the_email_is_the_login(client, users):
    page = client.get("/accounts/register/").content.decode()
    assert 'name="username"' not in page
    client.post("/accounts/register/", form())
    account = User.objects.get(email="sri@ukurtepat.co.id")
    assert account.username == "sri@ukurtepat.co.id"


@pytest.mark.django_db
def test_a_tampered_verification_link_is_refused(client, users):
    client.post("/accounts/register/", form())
    account = User.objects.get(email="sri@ukurtepat.co.id")
    response = client.get(f"/accounts/verify/{account.pk}/not-a-token/")
    assert response.status_code == 400
    account.refresh_from_db()
    assert not account.email_verified


@pytest.mark.django_db
def test_admin_cannot_activate_before_the_email_is_verified(client, users, login):
    client.post("/accounts/register/", form())
    account = User.objects.get(email="sri@ukurtepat.co.id")
    c = login(users["admin"])
    response = c.post(f"/accounts/review/{account.pk}/activate/", follow=True)
    assert "belum diverifikasi" in response.content.decode()
    account.refresh_from_db()
    assert account.state == AccountState.AWAITING_ACTIVATION and not account.is_active


@pytest.mark.django_db
def test_an_unverified_account_is_not_in_the_admin_inbox(client, users, login):
    client.post("/accounts/register/", form())
    account = User.objects.get(email="sri@ukurtepat.co.id")
    page = login(users["admin"]).get("/workflow/inbox/ADMIN/").content.decode()
    assert f"/accounts/review/{account.pk}/" not in page


@pytest.mark.django_db
def test_only_admin_may_review_an_account(client, users, login):
    client.post("/accounts/register/", form())
    account = User.objects.get(email="sri@ukurtepat.co.id")
    for name in ("cs", "pelanggan", "kepala_balai"):
        assert login(users[name]).get(f"/accounts/review/{account.pk}/").status_code == 404
        assert login(users[name]).post(f"/accounts/review/{account.pk}/activate/").status_code == 404


@pytest.mark.django_db
def test_every_account_logs_in_with_its_email_and_old_user_names_keep_working(client, users, password):
    for name in ("cs", "pelanggan", "kepala_balai"):
        client.logout()
        assert client.post("/accounts/login/", {"username": users[name].email.upper(), "password": password}
                           ).status_code == 302
        client.logout()
        assert client.post("/accounts/login/", {"username": name, "password": password}).status_code == 302
