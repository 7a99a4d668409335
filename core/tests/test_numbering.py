"""Document numbers: format, a sequence per period, never the same number twice."""
from datetime import datetime

import pytest
from django.conf import settings
from django.db import transaction

from core.numbering import next_number
from workflow.worktime import WIB


def at(*args):
    return datetime(*args, tzinfo=WIB)


@pytest.mark.django_db
def test_numbers_follow_their_format():
    assert next_number("order", at(2026, 5, 29, 9)) == "ORD/2026/05/000001"
    assert next_number("sample", at(2026, 5, 29, 9)) == "SMP-2026-000001"
    assert next_number("receipt", at(2026, 5, 29, 9)) == "TT/2026/00001"
    assert next_number("report", at(2026, 11, 2, 9)) == "0001/LHU/BSPJI/XI/2026"
    billing = next_number("billing", at(2026, 5, 29, 9))
    assert billing == f"8{settings.BALAI_SATKER_CODE}26000001" and len(billing) == 15


@pytest.mark.django_db
def test_each_period_has_its_own_sequence():
    assert [next_number("order", at(2026, 5, d)) for d in (1, 2, 31)] == [
        "ORD/2026/05/000001", "ORD/2026/05/000002", "ORD/2026/05/000003"]
    assert next_number("order", at(2026, 6, 1, 8)) == "ORD/2026/06/000001"
    assert next_number("order", at(2026, 5, 31, 8)) == "ORD/2026/05/000004"
    assert next_number("sample", at(2026, 12, 31)) == "SMP-2026-000001"
    assert next_number("sample", at(2027, 1, 1)) == "SMP-2027-000001"


@pytest.mark.django_db
def test_the_period_is_read_in_wib():
    # 31 May 2026 20:00 UTC is already 1 June in Palembang.
    from datetime import timezone as dt_tz

    assert next_number("order", datetime(2026, 5, 31, 20, 0, tzinfo=dt_tz.utc)) == "ORD/2026/06/000001"


@pytest.mark.django_db
def test_numbers_are_never_repeated_and_series_are_independent():
    orders = [next_number("order") for _ in range(25)]
    samples = [next_number("sample") for _ in range(5)]
    assert len(set(orders)) == 25 and orders == sorted(orders)
    assert samples[0].endswith("000001")


@pytest.mark.django_db
def test_a_number_taken_in_a_rolled_back_transaction_is_taken_again():
    first = next_number("receipt", at(2026, 5, 29))
    with transaction.atomic():
        second = next_number("receipt", at(2026, 5, 29))
        transaction.set_rollback(True)
    assert next_number("receipt", at(2026, 5, 29)) == second != first
