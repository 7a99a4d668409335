"""No side doors around the audit trail: whatever changes who may log in, which roles a person holds,
who may sign or how a person proves who they are leaves an audit entry, and an account's state and
whether it may log in cannot drift apart."""
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User, UserRole
from accounts.roles import Role
from workflow.models import AuditEntry
from workflow.states import AccountState


class _FormFields(HTMLParser):
    """The values a browser would submit for the first form with method=post on a page."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea, self._in_form = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_form = True
        if not self._in_form or "name" not in a and tag != "option":
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(a["name"], a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self.data[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select = a["name"]
            self._multiple = "multiple" in a
            if not self._multiple:
                self.data.setdefault(a["name"], "")
        elif tag == "option" and self._select and "selected" in a:
            if self._multiple:
                self.data.setdefault(self._select, []).append(a.get("value", ""))
            else:
                self.data[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def _form_of(page: str) -> dict:
    parser = _FormFields()
    parser.feed(page)
    return parser.data


@pytest.fixture
def superuser(db, users):
    root = User.objects.create_superuser("root", "root@balai.go.id", "Root#Kalibrasi-2026", full_name="Root")
    return root


@pytest.mark.django_db
def test_the_django_admin_cannot_switch_an_account_on_or_off_or_verify_its_email_beside_the_trail(
        users, login, superuser):
    """Posting the user form with is_active and email_verified changed changes neither."""
    client = login(superuser)
    customer = users["pelanggan"]
    url = reverse("admin:accounts_user_change", args=[customer.pk])
    page = client.get(url).content.decode()
    assert 'name="is_active"' not in page and 'name="email_verified"' not in page and 'name="state"' not in page
    data = _form_of(page)
    data.update({"is_active": "", "email_verified": "", "state": AccountState.REFUSED, "_save": "Save"})
    response = client.post(url, data)
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.is_active and customer.email_verified and customer.state == AccountState.ACTIVE


@pytest.mark.django_db
def test_deactivating_and_reactivating_in_the_admin_goes_through_the_sop_table(users, login):
    client = login(users["admin"])
    analyst = users["analis"]
    response = client.post(reverse("admin:accounts_user_changelist"),
                           {"action": "deactivate", "_selected_action": [analyst.pk]})
    assert response.status_code == 302
    analyst.refresh_from_db()
    assert not analyst.is_active and analyst.state == AccountState.DEACTIVATED
    entry = AuditEntry.objects.get(code="account.deactivate", account=analyst)
    assert entry.actor == users["admin"] and (entry.from_state, entry.to_state) == ("ACTIVE", "DEACTIVATED")

    client.post(reverse("admin:accounts_user_changelist"), {"action": "reactivate", "_selected_action": [analyst.pk]})
    analyst.refresh_from_db()
    assert analyst.is_active and analyst.state == AccountState.ACTIVE
    assert AuditEntry.objects.filter(code="account.reactivate", account=analyst, actor=users["admin"]).exists()

    # The admin cannot switch themselves off (nobody would be left to switch them on).
    client.post(reverse("admin:accounts_user_changelist"),
                {"action": "deactivate", "_selected_action": [users["admin"].pk]})
    assert User.objects.get(pk=users["admin"].pk).is_active


@pytest.mark.django_db
def test_roles_granted_or_withdrawn_in_the_admin_are_audited(users, login):
    client = login(users["admin"])
    person = users["cs"]
    url = reverse("admin:accounts_user_change", args=[person.pk])
    data = _form_of(client.get(url).content.decode())
    total = int(data["roles-TOTAL_FORMS"])
    data.update({f"roles-{total}-role": Role.BENDAHARA, f"roles-{total}-user": str(person.pk),
                 "roles-TOTAL_FORMS": str(total + 1), "_save": "Save"})
    assert client.post(url, data).status_code == 302
    assert set(UserRole.objects.filter(user=person).values_list("role", flat=True)) == {Role.CS, Role.BENDAHARA}
    entry = AuditEntry.objects.get(code="account.roles_changed", account=person)
    assert entry.actor == users["admin"] and entry.data == {"added": [Role.BENDAHARA], "removed": []}
    assert str(entry.label) != "account.roles_changed"


@pytest.mark.django_db
def test_deleting_a_signing_delegation_is_audited(users, login, superuser):
    from certificates.models import SigningDelegation

    delegation = SigningDelegation.objects.create(
        user=users["mt"], kind="PLH",
        starts_on=date.today(), ends_on=date.today() + timedelta(days=3), position="Plh. Kepala Balai",
        decree="ND-12/2026", granted_by=superuser)
    client = login(superuser)
    response = client.post(reverse("admin:certificates_signingdelegation_delete", args=[delegation.pk]),
                           {"post": "yes"})
    assert response.status_code == 302
    assert not SigningDelegation.objects.filter(pk=delegation.pk).exists()
    entry = AuditEntry.objects.get(code="signing.delegation_deleted")
    assert entry.actor == superuser and entry.account == users["mt"] and entry.data["delegation"] == delegation.pk


@pytest.mark.django_db
def test_resetting_a_second_factor_is_audited(users, login):
    head = users["kepala_balai"]
    TOTPDevice.objects.create(user=head, name="ponsel", confirmed=True)
    login(users["admin"]).post(reverse("twofactor:reset_confirm", args=[head.pk]))
    assert not TOTPDevice.objects.filter(user=head).exists()
    entry = AuditEntry.objects.get(code="account.second_factor_reset", account=head)
    assert entry.actor == users["admin"] and entry.data["devices"] == 1


@pytest.mark.django_db
def test_an_account_state_and_its_login_switch_cannot_disagree(users):
    customer = users["pelanggan"]
    customer.is_active = False
    with pytest.raises(IntegrityError), transaction.atomic():
        customer.save(update_fields=["is_active"])
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=users["cs"].pk).update(state=AccountState.REFUSED)
