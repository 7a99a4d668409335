"""Many people at once: row locks keep a step from happening twice and numbers from repeating.

These tests need PostgreSQL (SQLite lets only one writer in at a time, so it cannot show a race).
They skip on SQLite, except under CI=true with DATABASE_URL pointing to PostgreSQL, where they must run.
"""
import os
import re
import threading

import pytest
from django.db import connection, transaction
from django.test import Client

from billing.models import Billing
from core.numbering import next_number
from orders.services import validate_order
from workflow.engine import TransitionNotAllowed
from workflow.states import OrderState

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def need_postgresql():
    if connection.vendor == "postgresql":
        return
    if os.environ.get("CI") == "true" and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.fail("CI points DATABASE_URL to PostgreSQL but the tests run on " + connection.vendor)
    pytest.skip("concurrency needs PostgreSQL row locks; SQLite admits one writer at a time")


def run_together(count, work):
    """Run work(i) in `count` threads released at the same moment; returns (results, errors) by thread."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, [None] * count

    def worker(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except BaseException as exc:  # noqa: BLE001 - every outcome is checked by the test
            errors[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return results, errors


def test_sixteen_cs_clicks_on_one_order_validate_it_exactly_once(users, order_at):
    order = order_at("SUBMITTED")

    results, errors = run_together(16, lambda i: validate_order(users["cs"], order.pk, note=f"klik {i}"))

    assert sum(r is not None for r in results) == 1
    refused = [e for e in errors if e is not None]
    assert len(refused) == 15
    assert all(isinstance(e, TransitionNotAllowed) for e in refused), refused
    assert all("sudah dilakukan" in e.message for e in refused)
    order.refresh_from_db()
    assert order.state == OrderState.VALIDATED
    assert order.number
    assert order.audit_entries.filter(code="order.validate").count() == 1


def test_numbers_taken_by_eight_threads_at_once_are_unique_and_gap_free():
    def take_200(_i):
        numbers = []
        for _n in range(200):
            with transaction.atomic():
                numbers.append(next_number("receipt"))
        return numbers

    results, errors = run_together(8, take_200)

    assert errors == [None] * 8
    seqs = [int(re.search(r"(\d+)$", number).group(1)) for numbers in results for number in numbers]
    assert len(seqs) == 1600
    assert sorted(seqs) == list(range(1, 1601))


def test_a_double_submitted_issue_billing_form_makes_one_billing(users, order_at):
    order = order_at("BILLING_REQUESTED")
    clients = []
    for _ in range(4):
        client = Client()
        client.force_login(users["bendahara"])
        clients.append(client)

    results, errors = run_together(4, lambda i: clients[i].post(f"/billing/order/{order.pk}/issue/"))

    assert errors == [None] * 4
    assert all(r.status_code == 302 for r in results)
    assert Billing.objects.filter(order=order).count() == 1
    order.refresh_from_db()
    assert order.state == OrderState.AWAITING_PAYMENT
    # and the same form sent once more afterwards is refused with a message, not a second billing
    again = clients[0].post(f"/billing/order/{order.pk}/issue/", follow=True)
    assert "sudah dilakukan" in " ".join(str(m) for m in again.context["messages"])
    assert Billing.objects.filter(order=order).count() == 1
