"""Login lockout (django-axes): wrong passwords lock one user name at one address, nobody else."""
from datetime import timedelta

import pytest
from axes.models import AccessAttempt

LOGIN = "/accounts/login/"
LOCKED_TEXT = "Akun terkunci sementara"


def attempt(client, username, password, ip):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def default_limits(settings):
    """The defaults of sippt/settings.py, whatever the environment says."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)


@pytest.fixture
def locked(users, client):
    """pelanggan, locked at 10.0.0.1 after the limit of wrong passwords."""
    for _ in range(5):
        attempt(client, "pelanggan", "salah-sekali", "10.0.0.1")
    return users["pelanggan"]


def test_four_wrong_passwords_do_not_lock_and_the_right_one_then_works(users, client, password):
    for _ in range(4):
        response = attempt(client, "pelanggan", "salah-sekali", "10.0.0.1")
        assert response.status_code == 200
        assert "kata sandi salah" in response.content.decode()
    response = attempt(client, "pelanggan", password, "10.0.0.1")
    assert response.status_code == 302 and logged_in(client)


def test_five_wrong_passwords_lock_that_user_at_that_address_even_with_the_right_password(locked, client, password):
    response = attempt(client, "pelanggan", password, "10.0.0.1")

    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED_TEXT in page
    assert "30 menit" in page and "hubungi admin" in page
    assert not logged_in(client)


def test_the_lock_cannot_be_dodged_by_logging_in_with_the_email(locked, client, password):
    response = attempt(client, locked.email.upper(), password, "10.0.0.1")

    assert response.status_code == 429
    assert not logged_in(client)


def test_the_same_user_from_another_address_can_still_log_in(locked, client, password):
    response = attempt(client, "pelanggan", password, "10.0.0.2")

    assert response.status_code == 302 and logged_in(client)


def test_another_user_from_the_same_address_can_still_log_in(locked, client, password):
    response = attempt(client, "pelanggan2", password, "10.0.0.1")

    assert response.status_code == 302 and logged_in(client)


def test_the_admin_unlocks_through_the_admin_site(locked, users, client, password):
    lock = AccessAttempt.objects.get(username="pelanggan", ip_address="10.0.0.1")
    client.force_login(users["admin"])

    assert client.get("/admin/axes/accessattempt/").status_code == 200
    response = client.post(f"/admin/axes/accessattempt/{lock.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    client.logout()

    response = attempt(client, "pelanggan", password, "10.0.0.1")
    assert response.status_code == 302 and logged_in(client)
