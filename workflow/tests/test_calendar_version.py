"""Each process keeps one office calendar and rebuilds it when the version number in the database
changes: the admin's changes to calendar exceptions bump it, and a process notices at its next request
(or within a few seconds outside one), without re-reading the exceptions on every use."""
from datetime import date, datetime

import pytest
from django.core.signals import request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workflow.models import CalendarException, CalendarVersion
from workflow.worktime import WIB, office_calendar

SATURDAY = date(2026, 6, 6)


def new_request():
    """What a request's start tells the process (without closing the test's database connection)."""
    request_started.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
    finally:
        request_started.connect(close_old_connections)


def calendar_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "workflow_calendar" in q["sql"]]


@pytest.mark.django_db
def test_adding_changing_and_deleting_an_exception_bumps_the_version():
    start = CalendarVersion.current()
    day = CalendarException.objects.create(date=SATURDAY, is_working_day=True, description="Sabtu kerja")
    assert CalendarVersion.current() == start + 1
    day.description = "Sabtu kerja (pelayanan)"
    day.save()
    assert CalendarVersion.current() == start + 2
    day.delete()
    assert CalendarVersion.current() == start + 3


@pytest.mark.django_db
def test_a_change_made_in_this_process_is_used_at_once():
    assert not office_calendar().is_working_day(SATURDAY)
    CalendarException.objects.create(date=SATURDAY, is_working_day=True, description="Sabtu kerja")
    assert office_calendar().is_working_day(SATURDAY)
    CalendarException.objects.filter(date=SATURDAY).delete()
    assert not office_calendar().is_working_day(SATURDAY)


@pytest.mark.django_db
def test_a_change_made_by_another_process_is_seen_at_the_next_request():
    new_request()
    before = office_calendar()
    assert not before.is_working_day(SATURDAY)
    # Another web process saves a working Saturday: its signal bumps the version; ours did not run.
    CalendarException.objects.bulk_create([CalendarException(date=SATURDAY, is_working_day=True, description="Sabtu")])
    CalendarVersion.objects.update_or_create(pk=1, defaults={"version": CalendarVersion.current() + 1})
    with CaptureQueriesContext(connection) as queries:
        assert office_calendar() is before  # same request, just checked: no query, same calendar
    assert queries.captured_queries == []
    new_request()
    after = office_calendar()
    assert after.is_working_day(SATURDAY)
    assert after.add_office_minutes(datetime(2026, 6, 5, 15, 55, tzinfo=WIB), 10) == datetime(2026, 6, 6, 7, 35, tzinfo=WIB)


@pytest.mark.django_db
def test_an_unchanged_version_keeps_the_calendar_and_its_table():
    new_request()
    first = office_calendar()
    first.office_minutes_between(datetime(2025, 1, 2, 9, tzinfo=WIB), datetime(2026, 1, 2, 9, tzinfo=WIB))
    new_request()
    with CaptureQueriesContext(connection) as queries:
        assert office_calendar() is first
    assert len(calendar_queries(queries.captured_queries)) == 1  # the version only, not the exceptions
    assert first._days is not None and first._days.lo <= date(2025, 1, 2).toordinal()


@pytest.mark.django_db
def test_the_order_page_reads_the_calendar_once(order_at, login, users):
    order = order_at("IN_LAB")
    client = login(users["cs"])
    client.get(reverse("orders:detail", args=[order.pk]))  # warm
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("orders:detail", args=[order.pk])).status_code == 200
    assert len(calendar_queries(queries.captured_queries)) == 1
