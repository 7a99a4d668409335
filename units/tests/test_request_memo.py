"""Within one request the units' table is read from the shared cache once; a unit saved during the request
is seen at once; outside a request nothing is kept, so another process's new unit is seen at the next read."""
from datetime import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from units import current
from units.models import Unit

pytestmark = pytest.mark.django_db


def _signal(signal):
    """A request's start or end as the process hears it (without closing the test's database connection)."""
    signal.disconnect(close_old_connections)
    try:
        signal.send(sender=None)
    finally:
        signal.connect(close_old_connections)


def _reads(count_of):
    with mock.patch.object(cache, "get", wraps=cache.get) as spy:
        count_of()
    return sum(1 for call in spy.call_args_list if call.args and call.args[0] == current.UNITS_KEY)


def _new_unit(code):
    return Unit.objects.create(code=code, name=f"Balai {code}", short_name=code.upper(), time_zone="Asia/Makassar",
                               office_start=time(8, 0), office_end=time(16, 0))


def test_a_request_reads_the_units_once_and_sees_a_unit_saved_meanwhile():
    current.unit_facts()  # in the shared cache
    _signal(request_started)
    try:
        assert _reads(lambda: [current.unit_facts() for _ in range(4)]) == 1
        made = _new_unit("bspji-makassar")
        assert made.pk in current.unit_facts()  # saving a unit forgets what the request had read
    finally:
        _signal(request_finished)


def test_outside_a_request_every_read_asks_the_shared_cache():
    current.unit_facts()
    assert _reads(lambda: [current.unit_facts() for _ in range(3)]) == 3
    _signal(request_started)
    _signal(request_finished)
    # a unit another process made: the shared table is dropped there; this process sees it at the next read
    made = Unit.objects.bulk_create([Unit(code="bspji-ambon", name="Balai Ambon", short_name="AMB",
                                          time_zone="Asia/Jayapura", office_start=time(7, 30),
                                          office_end=time(16, 0))])[0]
    cache.delete(current.UNITS_KEY)
    assert made.pk in current.unit_facts()
