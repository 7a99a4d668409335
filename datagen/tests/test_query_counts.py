"""The number of SQL queries of each main page is pinned, and is the same with few rows shown and with
many: no page runs a query per row (an N+1 would make it crawl at 100 000 orders)."""
import pytest
from django.urls import reverse

from accounts.roles import Role
from datagen.generate import generate
from orders.models import Order
from workflow.states import OrderState

# (page, account, URL name, arguments): every list and inbox of the main roles.
LIST_PAGES = [
    ("order list, customer", "pelanggan", "orders:list", []),
    ("order list, CS", "cs", "orders:list", []),
    ("order list, supervisor", "penyelia", "orders:list", []),
    ("order list, analyst", "analis", "orders:list", []),
    ("order list, CS search", "cs", "orders:list", [], "?q=1"),
    ("inbox, customer", "pelanggan", "workflow:inbox", [Role.PELANGGAN]),
    ("inbox, CS", "cs", "workflow:inbox", [Role.CS]),
    ("inbox, Ketua Tim PJI", "ketua_pji", "workflow:inbox", [Role.KETUA_PJI]),
    ("inbox, treasurer", "bendahara", "workflow:inbox", [Role.BENDAHARA]),
    ("inbox, supervisor", "penyelia", "workflow:inbox", [Role.PENYELIA]),
    ("inbox, technical manager", "mt", "workflow:inbox", [Role.MT]),
    ("inbox, analyst", "analis", "workflow:inbox", [Role.ANALIS]),
    ("inbox, head of centre", "kepala_balai", "workflow:inbox", [Role.KEPALA_BALAI]),
    ("billing desk", "bendahara", "billing:desk", []),
    ("refund requests", "bendahara", "billing:refunds", []),
]
# The most queries each page may make, whatever the number of rows it shows.
PINNED = {  # measured on 4 Dec 2026 with the sidebar cached per person (a warm page), plus 2; order pages 5 Dec
    "order list, customer": 8, "order list, CS": 8, "order list, supervisor": 8, "order list, analyst": 8,
    "order list, CS search": 8,
    "inbox, customer": 7, "inbox, CS": 7, "inbox, Ketua Tim PJI": 8, "inbox, treasurer": 6,
    "inbox, supervisor": 7, "inbox, technical manager": 7, "inbox, analyst": 6, "inbox, head of centre": 7,
    "billing desk": 8, "refund requests": 6,
    # The order page of a completed order, measured 5 Dec 2026 (16, 14 and 11), plus 2: the order; its
    # instruments; their parameters; the calendar's version; the names of the supervisors and analysts; the
    # timeline; for who sees money the quotations, the billings with their payments and the payment proofs;
    # the reception; the reports; for staff their change requests; for the customer and the centre the
    # survey response, the hand-over record and, for staff, whether the customer downloaded a report; the
    # complaints. A supervisor's page also reads which of the instruments are their laboratory's.
    "order page, CS": 18, "order page, customer": 16, "order page, supervisor": 13,
}


@pytest.fixture
def count(django_assert_max_num_queries):
    """count(page, client, url) -> the queries of one request to `url`, at most PINNED[page]."""
    def _count(page, client, url) -> int:
        client.get(url)  # the first request of a session warms per-process caches
        with django_assert_max_num_queries(PINNED[page]) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(queries)
    return _count


def _list_counts(users, login, count) -> dict[str, int]:
    return {page: count(page, login(users[account]), reverse(name, args=args) + "".join(query))
            for page, account, name, args, *query in LIST_PAGES}


@pytest.mark.django_db
def test_lists_and_inboxes_make_as_many_queries_with_many_rows_as_with_few(users, login, count):
    generate(len(OrderState.values), seed=1, companies=2, demo_share=0.4, instrument_counts=[1], log=lambda m: None)
    few = _list_counts(users, login, count)
    generate(120, seed=2, companies=2, demo_share=0.4, instrument_counts=[3, 4, 5], log=lambda m: None)
    assert Order.objects.filter(company=users["pelanggan"].company).count() > 50  # a full page and more
    many = _list_counts(users, login, count)
    assert many == few


def _completed_order(users, instruments: int, seed: int) -> Order:
    generate(1, seed=seed, companies=1, demo_share=0.5, instrument_counts=[instruments], log=lambda m: None)
    order = Order.objects.order_by("-pk").first()
    assert order.state == OrderState.COMPLETED and order.instruments.count() == instruments
    return order


def _detail_counts(users, login, count, order) -> dict[str, int]:
    url = reverse("orders:detail", args=[order.pk])
    supervisor = order.instruments.exclude(supervisor=None).first().supervisor
    return {"order page, CS": count("order page, CS", login(users["cs"]), url),
            "order page, customer": count("order page, customer", login(order.created_by), url),
            "order page, supervisor": count("order page, supervisor", login(supervisor), url)}


@pytest.mark.django_db
def test_order_page_makes_as_many_queries_for_ten_instruments_as_for_one(users, login, count):
    small = _detail_counts(users, login, count, _completed_order(users, 1, seed=3))
    large = _detail_counts(users, login, count, _completed_order(users, 10, seed=4))
    assert large == small
