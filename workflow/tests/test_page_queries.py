"""The inbox, the order list and the order page use a fixed number of SQL queries, whatever the rows."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.road import demo_lines, drive, new_order

CEILING = 40


def queries(client, url):
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def orders_at(users, milestone, count, customer="pelanggan"):
    return [drive(users, new_order(users, customer, demo_lines(1, 1)), milestone) for _ in range(count)]


def one_order(users, milestone, count):
    return drive(users, new_order(users, "pelanggan", demo_lines(count, count)), milestone)


@pytest.mark.django_db
@pytest.mark.parametrize("who, role, milestone", [
    ("cs", "CS", "SUBMITTED"), ("bendahara", "BENDAHARA", "BILLING_REQUESTED"), ("pelanggan", "PELANGGAN", "PRICED")])
def test_order_inbox_queries_do_not_grow_with_orders(users, login, django_assert_max_num_queries, who, role, milestone):
    client = login(users[who])
    orders_at(users, milestone, 3)
    few = queries(client, f"/workflow/inbox/{role}/")
    orders_at(users, milestone, 9)
    with django_assert_max_num_queries(CEILING):
        many = queries(client, f"/workflow/inbox/{role}/")
    assert many == few


@pytest.mark.django_db
@pytest.mark.parametrize("who, role, milestone", [
    ("penyelia", "PENYELIA", "IN_LAB"), ("mt", "MT", "ASSIGNED"), ("analis", "ANALIS", "IN_CALIBRATION")])
def test_instrument_inbox_queries_do_not_grow_with_instruments(users, login, django_assert_max_num_queries,
                                                              who, role, milestone):
    client = login(users[who])
    one_order(users, milestone, 2)
    few = queries(client, f"/workflow/inbox/{role}/")
    one_order(users, milestone, 10)
    with django_assert_max_num_queries(CEILING):
        many = queries(client, f"/workflow/inbox/{role}/")
    assert many == few


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["pelanggan", "cs"])
def test_order_list_queries_do_not_grow_with_orders(users, login, django_assert_max_num_queries, who):
    client = login(users[who])
    orders_at(users, "PRICED", 3)
    few = queries(client, "/orders/")
    orders_at(users, "PRICED", 9)
    with django_assert_max_num_queries(CEILING):
        many = queries(client, "/orders/")
    assert many == few


@pytest.mark.django_db
@pytest.mark.parametrize("who, milestone", [
    (who, milestone) for who in ("pelanggan", "cs", "ketua_pji", "penyelia", "mt", "analis")
    for milestone in ("VALIDATED", "IN_LAB", "ASSIGNED", "IN_CALIBRATION")
    if who != "analis" or milestone in ("ASSIGNED", "IN_CALIBRATION")])  # the analyst sees assigned orders only
def test_order_page_queries_do_not_grow_with_instruments(users, login, django_assert_max_num_queries,
                                                         who, milestone):
    client = login(users[who])
    small, large = one_order(users, milestone, 1), one_order(users, milestone, 6)
    few = queries(client, f"/orders/{small.pk}/")
    with django_assert_max_num_queries(CEILING + 10):
        many = queries(client, f"/orders/{large.pk}/")
    assert many == few
