"""Browser tests with Playwright and Debian's Chromium against pytest-django's live server.

They run only with E2E=1 (`.ci/run` sets it for its PostgreSQL pass): a browser costs time and memory,
and the HTTP journey in tests/ covers the same rules on every run. Screenshots go to var/e2e-shots/.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent.parent / "var" / "e2e-shots"
VENDOR = Path(__file__).resolve().parent / "vendor"
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config, items):
    if os.environ.get("E2E") == "1":
        return
    skip = pytest.mark.skip(reason="browser tests run with E2E=1")
    here = str(Path(__file__).resolve().parent)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(skip)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. Not per session: Playwright's event loop must be gone before the rest of
    the suite runs (code that calls asyncio.run(), such as pyHanko's validation, fails inside a running loop)."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required in CI but is not installed")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls stay synchronous.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield browser
        browser.close()
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def shots():
    """shots(page, name): a full-page screenshot in var/e2e-shots/ (the test's artifact)."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name):
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    return _shot


@pytest.fixture(scope="session")
def live_server_settings():
    """Django's live server wraps the site in a media-file handler that needs a MEDIA_URL; the project has none
    (files are served only through views that check who asks), so the tests give it a path no page links to.
    Session-scoped: it must run before the (session-scoped) live server starts. The browser walks with the
    main pages kept per session, as in production (core/page_cache.py): every step the journeys take
    commits, and the next page must show it."""
    from django.conf import settings

    before, kept = settings.MEDIA_URL, settings.PAGE_CACHE_SECONDS
    if not before:
        settings.MEDIA_URL = "/e2e-media-not-linked/"
    settings.PAGE_CACHE_SECONDS = 30
    yield
    settings.MEDIA_URL, settings.PAGE_CACHE_SECONDS = before, kept


@pytest.fixture
def people(live_server_settings, browser, live_server, transactional_db):
    """people(name, **context_options) -> a page in its own browser context (own cookies), on the live server."""
    contexts = []

    def _person(name, **options):
        context = browser.new_context(base_url=live_server.url, locale="id-ID", accept_downloads=True, **options)
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()
    yield _person
    for context in contexts:
        context.close()


def log_in(page, username, password):
    """The login form, then the one-time code page when the account has two-factor sign-in."""
    page.goto("/accounts/login/")
    page.locator("[name=username]").fill(username)
    page.locator("[name=password]").fill(password)
    page.get_by_role("button", name=re.compile(r"^\s*Masuk\s*$")).click()
    page.wait_for_load_state()
    code_field = page.locator("input[name=code]")
    if code_field.count():
        import pyotp
        from twofactor import DEMO_TOTP_SECRET

        code_field.fill(pyotp.TOTP(DEMO_TOTP_SECRET).now())
        page.get_by_role("button", name="Verifikasi").click()
        page.wait_for_load_state()
    assert "/accounts/login/" not in page.url and "/2fa/" not in page.url, f"{username} could not log in ({page.url})"


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
