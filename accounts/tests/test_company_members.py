"""A company with several people: the owner invites a colleague by a signed, expiring, single-use
link; the colleague joins at once as a customer and acts on the company's orders under their own name."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

from accounts.models import ConsentRecord, Invitation, User
from accounts.privacy import PRIVACY_NOTICE_VERSION
from orders.services import accept_price
from workflow.models import AuditEntry
from workflow.states import AccountState

PASSWORD = "Timbangan#Presisi-2026"


def join_form(**over):
    data = {"full_name": "Bayu Saputra", "phone": "0812-7788-9900", "nik": "3171014501900004",
            "password1": PASSWORD, "password2": PASSWORD, "consent": "on"}
    data.update(over)
    return data


def invite(client, capture, email="bayu@sinarpresisi.co.id"):
    with capture(execute=True):
        response = client.post("/accounts/company/members/invite/", {"email": email})
    assert response.status_code == 302
    [message] = [m for m in mail.outbox if m.to == [email]]
    return re.search(r"https?://[^/\s]+(/accounts/join/\S+/)", message.body).group(1)


@pytest.mark.django_db
def test_an_invited_colleague_joins_at_once_and_acts_on_the_company_orders_under_their_own_name(
        users, login, order_at, django_capture_on_commit_callbacks):
    owner = users["pelanggan"]
    link = invite(login(owner), django_capture_on_commit_callbacks)

    guest = Client()
    page = guest.get(link).content.decode()
    assert owner.company.name in page and "bayu@sinarpresisi.co.id" in page
    refused = guest.post(link, join_form(nik="3171019999850003"))  # impossible birth date
    assert refused.status_code == 200 and "NIK" in refused.content.decode() and not User.objects.filter(email="bayu@sinarpresisi.co.id")
    with django_capture_on_commit_callbacks(execute=True):
        assert guest.post(link, join_form()).status_code == 200

    member = User.objects.get(email="bayu@sinarpresisi.co.id")
    assert member.company == owner.company and member.is_customer and not member.is_company_owner
    assert member.is_active and member.state == AccountState.ACTIVE and member.email == "bayu@sinarpresisi.co.id"
    consent = ConsentRecord.objects.get(user=member)
    assert consent.notice_version == PRIVACY_NOTICE_VERSION and consent.context == "invitation"
    joined = AuditEntry.objects.get(code="account.join_by_invitation", actor=member, account=member)
    assert (joined.from_state, joined.to_state) == (AccountState.ON_WEBSITE, AccountState.ACTIVE)
    assert owner.notifications.filter(text__contains="Bayu Saputra").exists()

    # The link is single-use.
    again = Client().get(link)
    assert again.status_code == 400 and "sudah dipakai" in again.content.decode()

    # The new member logs in at once, sees the company's order, and their action is recorded under their name.
    response = Client().post("/accounts/login/", {"username": "bayu@sinarpresisi.co.id", "password": PASSWORD})
    assert response.status_code == 302
    order = order_at("PRICED")
    assert login(member).get(f"/orders/{order.pk}/").status_code == 200
    accept_price(member, order.pk)
    assert AuditEntry.objects.get(order=order, code="order.accept_price").actor == member


@pytest.mark.django_db
def test_an_invitation_expires_and_a_revoked_or_forged_link_is_refused(
        users, login, settings, django_capture_on_commit_callbacks):
    owner = users["pelanggan"]
    client = login(owner)
    link = invite(client, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(email="bayu@sinarpresisi.co.id")

    Invitation.objects.filter(pk=invitation.pk).update(expires_at=invitation.created_at - timedelta(seconds=1))
    expired = Client().get(link)
    assert expired.status_code == 400 and "kedaluwarsa" in expired.content.decode()

    link2 = invite(client, django_capture_on_commit_callbacks, "rina@sinarpresisi.co.id")
    second = Invitation.objects.get(email="rina@sinarpresisi.co.id")
    page = client.get("/accounts/company/members/").content.decode()
    assert "rina@sinarpresisi.co.id" in page and "Menunggu" in page and "Kedaluwarsa" in page
    assert client.post(f"/accounts/company/invitations/{second.pk}/revoke/").status_code == 302
    revoked = Client().post(link2, join_form())
    assert revoked.status_code == 400 and "dibatalkan" in revoked.content.decode()
    assert not User.objects.filter(email="rina@sinarpresisi.co.id").exists()

    forged = Client().get(link2.replace("/join/", "/join/x"))
    assert forged.status_code == 400 and "tidak sah" in forged.content.decode()


@pytest.mark.django_db
def test_only_owners_manage_members_and_the_last_owner_stays(users, login, django_capture_on_commit_callbacks):
    owner = users["pelanggan"]
    link = invite(login(owner), django_capture_on_commit_callbacks)
    Client().post(link, join_form())
    member = User.objects.get(email="bayu@sinarpresisi.co.id")

    as_member = login(member)
    page = as_member.get("/accounts/company/members/").content.decode()
    assert owner.full_name in page and "Kirim undangan" not in page
    response = as_member.post(f"/accounts/company/members/{owner.pk}/remove/", follow=True)
    assert "Hanya pengelola" in response.content.decode()
    assert User.objects.get(pk=owner.pk).is_active

    as_owner = login(owner)
    response = as_owner.post(f"/accounts/company/members/{owner.pk}/remove/", follow=True)
    assert "Pengelola terakhir" in response.content.decode()
    assert User.objects.get(pk=owner.pk).is_active

    # Another company's owner cannot touch this company's people.
    other = login(users["pelanggan2"])
    other.post(f"/accounts/company/members/{member.pk}/remove/")
    assert User.objects.get(pk=member.pk).is_active

    as_owner = login(owner)
    as_owner.post(f"/accounts/company/members/{member.pk}/remove/")
    member.refresh_from_db()
    assert not member.is_active and member.state == AccountState.DEACTIVATED
    assert AuditEntry.objects.filter(code="account.member_removed", actor=owner, account=member).exists()
    assert Client().post("/accounts/login/", {"username": "bayu@sinarpresisi.co.id", "password": PASSWORD}).status_code == 200


@pytest.mark.django_db
def test_staff_and_anonymous_visitors_have_no_members_page(users, login, client):
    assert client.get("/accounts/company/members/").status_code == 302  # to the login page
    assert login(users["cs"]).get("/accounts/company/members/").status_code == 404
    assert login(users["cs"]).post("/accounts/company/members/invite/", {"email": "x@y.id"}).status_code == 404


@pytest.mark.django_db
def test_an_address_that_already_has_an_account_cannot_be_invited(users, login):
    response = login(users["pelanggan"]).post("/accounts/company/members/invite/",
                                              {"email": users["pelanggan2"].email}, follow=True)
    assert "sudah memiliki akun" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_actions_on_unknown_members_or_invitations_are_refused_with_a_message(users, login):
    client = login(users["pelanggan"])
    for url in ("/accounts/company/members/999999/remove/", "/accounts/company/members/999999/owner/",
                "/accounts/company/invitations/999999/revoke/"):
        response = client.post(url, follow=True)
        assert response.status_code == 200 and "tidak ditemukan" in response.content.decode(), url
