"""The main pages kept per session (core/page_cache.py): a repeat is answered from the kept page, and the
kept page is never shown once anything it could show changed, nor to anyone but the session it was made
for. These tests commit (transactional_db): a write gives the data a new version only when it commits."""
import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import page_cache
from orders import services
from orders.models import Order

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _pages_kept(settings):
    settings.PAGE_CACHE_SECONDS = 30


def _client_of(user):
    from twofactor.testing import mark_verified

    client = Client()
    client.force_login(user)
    return mark_verified(client, user)


def _get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return response, len(queries)


def _without_tokens(html: bytes) -> str:
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "", html.decode())  # the masked CSRF tokens (forms, htmx)


def test_a_repeat_is_the_kept_page_and_a_committed_step_shows_at_once(users, order_at):
    order = order_at("SUBMITTED")
    cs = _client_of(users["cs"])
    url = reverse("orders:detail", args=[order.pk])
    first, rendered = _get(cs, url)  # sets the CSRF cookie: not kept (its forms were for a new cookie)
    second, rendered_again = _get(cs, url)
    kept, from_cache = _get(cs, url)
    assert _without_tokens(kept.content) == _without_tokens(second.content) == _without_tokens(first.content)
    assert kept.content == second.content  # the very page: the same tokens, made for this session's cookie
    assert from_cache < rendered_again and from_cache <= 2  # the session's user; no query of the page's own

    services.validate_order(users["cs"], order.pk)
    after, _ = _get(cs, url)
    assert after.content != kept.content
    assert Order.objects.get(pk=order.pk).get_state_display() in after.content.decode()


def test_the_kept_page_forms_still_post(users, order_at):
    """The token of a kept page is valid for its session: a step taken from it goes through."""
    order = order_at("SUBMITTED")
    cs = _client_of(users["cs"])
    cs.handler.enforce_csrf_checks = True
    url = reverse("orders:detail", args=[order.pk])
    _get(cs, url)
    _get(cs, url)
    kept, _ = _get(cs, url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept.content.decode()).group(1)
    response = cs.post(reverse("orders:action", args=[order.pk, "validate"]),
                       {"csrfmiddlewaretoken": token, "note": ""})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == "VALIDATED"


def test_never_another_session_nor_another_person(users, order_at):
    order = order_at("SUBMITTED")
    url = reverse("orders:detail", args=[order.pk])
    owner = _client_of(users["pelanggan"])
    for _ in range(3):
        _get(owner, url)
    stranger = _client_of(users["pelanggan2"])
    stranger.cookies["csrftoken"] = owner.cookies["csrftoken"].value  # even with the same CSRF cookie
    assert stranger.get(url).status_code == 404
    second_browser = _client_of(users["pelanggan"])
    _get(second_browser, url)
    page, _ = _get(second_browser, url)
    mine = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    theirs = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _get(owner, url)[0].content.decode())
    assert mine is None or mine.group(1) != theirs.group(1)


def test_a_message_waiting_is_shown_and_its_page_not_kept(users, order_at):
    from django.contrib.messages import INFO
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    order = order_at("SUBMITTED")
    cs = _client_of(users["cs"])
    url = reverse("orders:detail", args=[order.pk])
    _get(cs, url)
    kept, _ = _get(cs, url)
    # a message waiting for the next page (as after a step elsewhere), with nothing written meanwhile
    cs.cookies["messages"] = CookieStorage(RequestFactory().get("/"))._encode([Message(INFO, "Pesan untuk Anda")])
    with_message, _ = _get(cs, url)
    assert "Pesan untuk Anda" in with_message.content.decode()
    again, _ = _get(cs, url)
    assert "Pesan untuk Anda" not in again.content.decode()  # shown once, not kept with the page
    assert again.content == kept.content


def test_the_language_and_htmx_are_part_of_the_key(users, order_at):
    order_at("SUBMITTED")
    customer = _client_of(users["pelanggan"])
    url = reverse("orders:list")
    _get(customer, url)
    indonesian, _ = _get(customer, url)
    customer.cookies["django_language"] = "en"
    english, _ = _get(customer, url)
    assert indonesian.content != english.content and 'lang="en"' in english.content.decode()
    _, english_kept = _get(customer, url)
    # an htmx request for the same address may be answered with a part of the page: its own entry
    _, htmx_rendered = _get(customer, url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="main")
    assert htmx_rendered > english_kept
    full, _ = _get(customer, url)
    assert full.content == english.content


def test_a_write_gives_a_new_version_only_when_it_commits():
    before = page_cache.data_version()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE units_unit SET name = name WHERE id = -1")
        assert page_cache.data_version() == before  # not yet: a reader would keep what it read before
    after_commit = page_cache.data_version()
    assert after_commit != before

    # A savepoint rolled back takes its callback with it; the outer write still gives a new version.
    with transaction.atomic():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("UPDATE units_unit SET name = name WHERE id = -1")
                raise RuntimeError
        except RuntimeError:
            pass
        with connection.cursor() as cursor:
            cursor.execute("UPDATE units_unit SET name = name WHERE id = -2")
    assert page_cache.data_version() != after_commit

    kept = page_cache.data_version()
    with transaction.atomic():  # rolled back: nothing changed
        with connection.cursor() as cursor:
            cursor.execute("UPDATE units_unit SET name = name WHERE id = -1")
        transaction.set_rollback(True)
    assert page_cache.data_version() == kept
    with connection.cursor() as cursor:  # reads and session writes are not changes a page shows
        cursor.execute("SELECT 1")
        cursor.execute("DELETE FROM django_session WHERE session_key = 'none'")
    assert page_cache.data_version() == kept


def test_the_session_contents_are_part_of_the_key(users, order_at):
    order_at("SUBMITTED")
    cs = _client_of(users["cs"])
    url = reverse("orders:list")
    _get(cs, url)
    _get(cs, url)
    _, from_cache = _get(cs, url)
    session = cs.session
    session["something-chosen"] = "another view"
    session.save()
    _, rendered = _get(cs, url)
    assert rendered > from_cache


def test_off_when_the_setting_is_zero(settings, users, order_at):
    settings.PAGE_CACHE_SECONDS = 0
    order_at("SUBMITTED")
    cs = _client_of(users["cs"])
    url = reverse("orders:list")
    counts = [_get(cs, url)[1] for _ in range(3)]
    assert counts[1] == counts[2] > 2
