"""Fixtures shared by every app's tests: the demo accounts of the nine roles, defined once."""
import os
import shutil

import pytest

from accounts.seed import DEMO_PASSWORD


@pytest.fixture(scope="session", autouse=True)
def _views_imported():
    """Every URL's view module is imported before the first test. A module imported during a test binds the
    names it imports as they are then: a view module first imported (by the first request to one of its
    URLs) inside a test that patched a function it imports (e.g. certificates.content.results_of) would keep
    the patched function for every later test."""
    from django.urls import get_resolver

    assert get_resolver().url_patterns


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: nothing cached by an earlier test (a session, a sidebar's
    inbox counts keyed by a user id that the next test's database gives to someone else, the units and
    their office calendars kept per process) leaks into it."""
    from django.core.cache import cache

    from units import current
    from workflow.worktime import PROCESS_CALENDAR

    cache.clear()
    current.forget()  # nor the units kept per process: a unit made by an earlier test is rolled back
    PROCESS_CALENDAR.forget()  # nor the office calendars and clocks built on those units
    yield
    PROCESS_CALENDAR.forget()  # nothing built on this test's (rolled back) units is kept


@pytest.fixture
def users(db):
    """The demo catalogue and accounts: pelanggan, pelanggan2, admin, cs, ketua_pji, bendahara,
    penyelia/analis (mass and volume lab), penyelia2/analis2 (temperature and pressure lab), mt, kepala_balai."""
    from accounts.seed import seed_accounts
    from catalog.seed import seed_catalog

    seed_catalog()
    users = seed_accounts()
    __import__("metrology.seed").seed.seed_metrology()  # methods, standards, authorised demo analysts
    return users


@pytest.fixture
def login(client):
    """login(user) -> the test client, logged in as that user."""
    def _login(user):
        from twofactor.testing import mark_verified

        client.logout()
        client.force_login(user)
        return mark_verified(client, user)  # as if the TOTP code had been entered (head of centre)
    return _login


@pytest.fixture
def order_at(users):
    """order_at(milestone, customer="pelanggan", lines=None) -> an order driven through the real services."""
    from demo import road as demo

    def _order_at(milestone=None, customer="pelanggan", lines=None):
        order = demo.new_order(users, customer, lines)
        return demo.drive(users, order, milestone) if milestone else order
    return _order_at


@pytest.fixture
def password():
    return DEMO_PASSWORD


def need_tool(name: str):
    """Skip when a system tool is missing, except under CI=true where its absence fails the run."""
    if shutil.which(name):
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} is required in CI but is not installed")
    pytest.skip(f"{name} is not installed")
