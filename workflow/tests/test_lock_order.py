"""One lock order everywhere: the order, then its instruments by id, then its documents.

A supervisor rejecting an instrument at its check and MT validating the same instrument from a stale
page used to lock the two rows in opposite orders (instrument then order, order then instrument), and
PostgreSQL broke the cycle by killing one of them with a deadlock error (SQLSTATE 40P01). Needs
PostgreSQL: SQLite admits one writer at a time, so it cannot show a deadlock.
"""
import os
import threading

import pytest
from django.db import OperationalError, connection

from lab.services import reject_at_check
from orders.models import Instrument, Order
from results.services import validate_results
from workflow.engine import TransitionNotAllowed
from workflow.states import InstrumentState, OrderState

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

ROUNDS = 200


@pytest.fixture(autouse=True)
def need_postgresql():
    if connection.vendor == "postgresql":
        return
    if os.environ.get("CI") == "true" and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.fail("CI points DATABASE_URL to PostgreSQL but the tests run on " + connection.vendor)
    pytest.skip("deadlocks need PostgreSQL row locks; SQLite admits one writer at a time")


def _deadlock(exc) -> bool:
    cause = getattr(exc, "__cause__", None)
    return isinstance(exc, OperationalError) and getattr(cause, "sqlstate", None) == "40P01"


def test_reject_at_check_and_validate_on_one_instrument_never_deadlock(users, order_at):
    order = order_at("IN_LAB")
    inst = order.instruments.filter(supervisor=users["penyelia"]).order_by("id").first()
    paths = [
        lambda: reject_at_check(users["penyelia"], inst.pk, "Alat retak saat diperiksa."),
        lambda: validate_results(users["mt"], inst.pk, note="dari halaman lama"),
    ]
    outcomes = {"deadlock": 0, "rejected": 0, "refused": 0}
    other = []

    def run(path, barrier, errors, i):
        try:
            barrier.wait(timeout=10)
            path()
        except BaseException as exc:  # noqa: BLE001 - every outcome is counted below
            errors[i] = exc
        finally:
            connection.close()

    for _round in range(ROUNDS):
        Instrument.objects.filter(pk=inst.pk).update(state=InstrumentState.RECEIVED)
        Order.objects.filter(pk=order.pk).update(state=OrderState.IN_LAB)
        barrier, errors = threading.Barrier(2), [None, None]
        threads = [threading.Thread(target=run, args=(path, barrier, errors, i)) for i, path in enumerate(paths)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
        for exc in errors:
            if exc is None:
                outcomes["rejected"] += 1
            elif _deadlock(exc):
                outcomes["deadlock"] += 1
            elif isinstance(exc, TransitionNotAllowed):
                outcomes["refused"] += 1
            else:
                other.append(exc)

    assert not other, other[:3]
    assert outcomes["deadlock"] == 0, outcomes
    # Each round the rejection went through and the stale validation was refused, whoever came first.
    assert outcomes == {"deadlock": 0, "rejected": ROUNDS, "refused": ROUNDS}
