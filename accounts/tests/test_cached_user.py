"""The signed-in account is read from the shared cache, and what changes it holds from the next request."""
import pytest
from django.urls import reverse

from accounts.models import User, UserRole
from accounts.roles import Role
from accounts.services import deactivate_account


def inbox(role):
    return reverse("workflow:inbox", args=[role])


@pytest.mark.django_db
def test_a_second_page_reads_the_account_and_its_roles_from_the_cache(users, login, django_assert_max_num_queries):
    client = login(users["cs"])
    client.get(inbox(Role.CS))
    with django_assert_max_num_queries(30) as queries:
        assert client.get(inbox(Role.CS)).status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"accounts_userrole"' not in tables
    assert 'FROM "accounts_user" WHERE "accounts_user"."id"' not in tables


@pytest.mark.django_db
def test_a_deactivated_account_is_logged_out_at_its_next_request(users, login):
    client = login(users["cs"])
    assert client.get(inbox(Role.CS)).status_code == 200  # now cached
    deactivate_account(users["admin"], users["cs"].pk, "pindah tugas")
    response = client.get(inbox(Role.CS))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_a_removed_role_no_longer_opens_its_inbox(users, login):
    client = login(users["cs"])
    assert client.get(inbox(Role.CS)).status_code == 200
    UserRole.objects.filter(user=users["cs"], role=Role.CS).delete()
    assert client.get(inbox(Role.CS)).status_code in (403, 404)


@pytest.mark.django_db
def test_a_changed_password_ends_other_sessions(users, login):
    client = login(users["cs"])
    assert client.get(inbox(Role.CS)).status_code == 200
    account = User.objects.get(pk=users["cs"].pk)
    account.set_password("Sandi-baru#2026")
    account.save()
    response = client.get(inbox(Role.CS))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
