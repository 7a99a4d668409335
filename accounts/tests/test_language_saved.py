"""The language switch is saved on the account and applied again at login, so notices and mails speak
the person's language whoever acts, and the site speaks it on any browser the person logs in from."""
import pytest
from django.conf import settings

from accounts.models import User


@pytest.mark.django_db
def test_the_switch_saves_the_language_on_the_account_of_a_logged_in_person(users, login):
    client = login(users["pelanggan"])
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/orders/"})
    assert response.status_code == 302 and response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert User.objects.get(pk=users["pelanggan"].pk).language == "en"

    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})  # not a language of the site: ignored
    assert User.objects.get(pk=users["pelanggan"].pk).language == "en"
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert User.objects.get(pk=users["pelanggan"].pk).language == "id"


@pytest.mark.django_db
def test_a_visitor_switches_without_an_account(client, users):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.django_db
def test_the_saved_language_is_applied_at_login_on_a_new_browser(client, users, password):
    customer = users["pelanggan"]
    User.objects.filter(pk=customer.pk).update(language="en")
    response = client.post("/accounts/login/", {"username": customer.username, "password": password})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/orders/")
    assert page.status_code == 200 and page["Content-Language"] == "en"


@pytest.mark.django_db
def test_a_language_chosen_before_logging_in_is_kept_on_an_account_that_has_none(client, users, password):
    customer = users["pelanggan"]
    assert customer.language == ""
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/accounts/login/", {"username": customer.username, "password": password})
    assert User.objects.get(pk=customer.pk).language == "en"


@pytest.mark.django_db
def test_an_indonesian_account_logging_in_on_an_english_browser_gets_indonesian(client, users, password):
    customer = users["pelanggan"]
    User.objects.filter(pk=customer.pk).update(language="id")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post("/accounts/login/", {"username": customer.username, "password": password})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"
    assert client.get("/orders/")["Content-Language"] == "id"


@pytest.mark.django_db
def test_the_email_settings_page_says_which_language_notices_and_mails_are_written_in(users, login):
    client = login(users["pelanggan"])
    assert "ditulis dalam <strong>Bahasa Indonesia</strong>" in client.get("/notifications/preferences/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/notifications/preferences/").content.decode()
    assert "Your notices and emails are written in <strong>English</strong>" in page
