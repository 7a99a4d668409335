"""The head of centre needs the TOTP code after the password; until then the session opens nothing else.
Other staff may enrol; customers log in with the password alone."""
from binascii import unhexlify

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor import DEMO_TOTP_SECRET
from twofactor.demo import current_code, ensure_demo_device


def code_for(device):
    return f"{TOTP(unhexlify(device.key)).token():06d}"


def password_login(username, password):
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    assert response.status_code == 302, "the password is accepted"
    return client


@pytest.mark.django_db
def test_head_of_centre_reaches_nothing_until_the_code_is_entered(users, password, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wait after a wrong code is tested below
    ensure_demo_device()
    client = password_login("kepala_balai", password)
    for url in ("/", reverse("orders:list"), reverse("workflow:inbox", args=["KEPALA_BALAI"]),
                reverse("twofactor:setup")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("twofactor:verify")), url
    page = client.get(reverse("twofactor:verify"))
    assert page.status_code == 200 and "Verifikasi" in page.content.decode()
    assert 'name="code"' in page.content.decode()

    wrong = client.post(reverse("twofactor:verify"), {"code": "000000" if current_code() != "000000" else "111111"})
    assert wrong.status_code == 200 and "Kode salah" in wrong.content.decode()
    assert client.get(reverse("orders:list")).status_code == 302

    done = client.post(reverse("twofactor:verify") + "?next=/orders/", {"code": current_code()})
    assert done.status_code == 302 and done.url == "/orders/"
    assert client.get(reverse("orders:list")).status_code == 200


@pytest.mark.django_db
def test_after_a_wrong_code_guessing_is_slowed_down(users, password):
    ensure_demo_device()
    client = password_login("kepala_balai", password)
    client.post(reverse("twofactor:verify"), {"code": "000000" if current_code() != "000000" else "111111"})
    refused = client.post(reverse("twofactor:verify"), {"code": current_code()})
    assert refused.status_code == 200 and "Terlalu banyak kode salah" in refused.content.decode()
    assert client.get(reverse("orders:list")).status_code == 302


@pytest.mark.django_db
def test_the_same_code_cannot_be_replayed_in_another_session(users, password):
    ensure_demo_device()
    code = current_code()
    first = password_login("kepala_balai", password)
    assert first.post(reverse("twofactor:verify"), {"code": code}).status_code == 302
    second = password_login("kepala_balai", password)
    second.post(reverse("twofactor:verify"), {"code": code})
    assert second.get(reverse("orders:list")).status_code == 302


@pytest.mark.django_db
def test_verify_refuses_an_outside_next_url(users, password):
    ensure_demo_device()
    client = password_login("kepala_balai", password)
    response = client.post(reverse("twofactor:verify") + "?next=https://evil.example/", {"code": current_code()})
    assert response.status_code == 302 and response.url == "/"


@pytest.mark.django_db
def test_demo_secret_is_the_documented_one(users):
    device = ensure_demo_device()
    from twofactor.enrolment import secret_base32
    assert secret_base32(device) == DEMO_TOTP_SECRET
    assert ensure_demo_device().pk == device.pk  # seeding twice keeps one device


@pytest.mark.django_db
def test_head_of_centre_without_device_must_enrol_first(users, password):
    client = password_login("kepala_balai", password)
    response = client.get(reverse("orders:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("twofactor:setup"))
    page = client.get(reverse("twofactor:setup"))
    body = page.content.decode()
    assert page.status_code == 200 and "data:image/svg+xml;base64," in body
    assert "<script>" not in body and "style=" not in body.split("</header>")[-1]  # nothing the CSP forbids
    device = TOTPDevice.objects.get(user=users["kepala_balai"], confirmed=False)
    assert client.post(reverse("twofactor:setup"), {"code": "12345"}).status_code == 200  # too short
    assert client.get(reverse("orders:list")).status_code == 302
    done = client.post(reverse("twofactor:setup"), {"code": code_for(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("orders:list")).status_code == 200


@pytest.mark.django_db
def test_staff_without_device_works_and_may_enrol_then_needs_the_code(users, password):
    client = password_login("cs", password)
    assert client.get(reverse("orders:list")).status_code == 200  # optional for staff
    client.get(reverse("twofactor:setup"))
    device = TOTPDevice.objects.get(user=users["cs"])
    client.post(reverse("twofactor:setup"), {"code": code_for(device)})
    device.refresh_from_db()
    assert device.confirmed
    again = password_login("cs", password)
    assert again.get(reverse("orders:list")).status_code == 302


@pytest.mark.django_db
def test_customers_log_in_with_the_password_alone_and_cannot_enrol(users, password):
    client = password_login("pelanggan", password)
    assert client.get(reverse("orders:list")).status_code == 200
    assert client.get(reverse("twofactor:setup")).status_code == 403


@pytest.mark.django_db
def test_admin_resets_a_lost_device_and_others_cannot(users, login):
    device = ensure_demo_device()
    head = users["kepala_balai"]
    assert login(users["cs"]).post(reverse("twofactor:reset_confirm", args=[head.pk])).status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    admin = login(users["admin"])
    assert admin.get(reverse("twofactor:reset", args=[head.pk])).status_code == 200
    admin.post(reverse("twofactor:reset_confirm", args=[head.pk]))
    assert not TOTPDevice.objects.filter(user=head).exists()


@pytest.mark.django_db
def test_login_fixture_marks_the_head_of_centre_verified(users, login):
    assert login(users["kepala_balai"]).get(reverse("orders:list")).status_code == 200
