"""The sidebar (its inbox counts, the signing link) is cached per person and language: a second page
counts no inbox; a step done in one of the person's inboxes shows in the count of the next page, after
the step's commit; a step in nobody's inbox of theirs keeps their sidebar."""
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo import steps
from demo.road import demo_lines, drive, new_order


def _count(html: str, role: str) -> int:
    match = re.search(rf'href="/workflow/inbox/{role}/" class="inbox-link">.*?<span class="count[^"]*">(\d+)</span>',
                      html, re.S)
    assert match, f"no {role} inbox link in the sidebar"
    return int(match.group(1))


def _page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("workflow:sop"))
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def _counts_inboxes(sql: list[str]) -> bool:
    return any("COUNT(" in q and "orders_order" in q for q in sql)


@pytest.mark.django_db
def test_a_second_page_counts_no_inbox(users, login):
    client = login(users["cs"])
    cache.clear()
    _html, cold = _page(client)
    _html, warm = _page(client)
    assert _counts_inboxes(cold)
    assert not _counts_inboxes(warm)
    assert len(warm) < len(cold)


@pytest.mark.django_db
def test_a_step_into_the_inbox_shows_on_the_next_page(users, login, django_capture_on_commit_callbacks):
    client = login(users["cs"])
    before = _count(_page(client)[0], "CS")
    with django_capture_on_commit_callbacks(execute=True):
        drive(users, new_order(users, "pelanggan", demo_lines(1, 0)), "SUBMITTED")  # now waits for CS
    html, sql = _page(client)
    assert _count(html, "CS") == before + 1
    assert _counts_inboxes(sql)  # recounted once ...
    assert not _counts_inboxes(_page(client)[1])  # ... and kept again


@pytest.mark.django_db
def test_a_step_outside_the_persons_inboxes_keeps_their_sidebar(users, login, django_capture_on_commit_callbacks):
    order = drive(users, new_order(users, "pelanggan", demo_lines(1, 0)), "IN_LAB")
    client = login(users["bendahara"])
    _page(client)
    with django_capture_on_commit_callbacks(execute=True):
        steps.assign(users, order)  # the supervisor's step: no inbox of the treasurer changes
    assert not _counts_inboxes(_page(client)[1])


@pytest.mark.django_db
def test_the_sidebar_follows_the_language(users, login):
    client = login(users["cs"])
    indonesian, _sql = _page(client)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("workflow:sop"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Kotak kerja" in indonesian
    assert "Kotak kerja" not in response.content.decode()
