"""On a phone (390 px wide) the customer's pages and every inbox fit the screen; axe-core finds no serious or
critical accessibility violation on the main pages; an action can be done with the keyboard alone."""
from __future__ import annotations

import json

import pytest

from e2e.conftest import PHONE, VENDOR, no_horizontal_overflow
from workflow.states import OrderState as O

STAFF_INBOXES = [("admin", "ADMIN"), ("cs", "CS"), ("ketua_pji", "KETUA_PJI"), ("bendahara", "BENDAHARA"),
                 ("penyelia", "PENYELIA"), ("analis", "ANALIS"), ("mt", "MT"), ("kepala_balai", "KEPALA_BALAI")]


@pytest.fixture
def signed_in(people, live_server):
    """signed_in(user, **context_options) -> a page whose context carries a session of `user` (made on the
    server side, as after a login with password and, where required, the second factor)."""
    from django.conf import settings
    from django.test import Client

    def _signed_in(user, **options):
        client = Client()
        client.force_login(user)
        try:
            from twofactor.testing import mark_verified
        except ImportError:
            pass
        else:
            mark_verified(client, user)
        page = people(user.username, **options)
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                                   "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
        return page
    return _signed_in


def visit(page, path):
    response = page.goto(path)
    assert response.status == 200, (path, response.status)
    if not path.startswith("/accounts/"):
        assert "/accounts/login/" not in page.url and "/2fa/" not in page.url, (path, page.url)


def test_customer_pages_and_every_inbox_fit_a_phone_screen(signed_in, people, users, order_at, shots):
    order = order_at("AWAITING_PAYMENT")
    for milestone in ("SUBMITTED", "VALIDATED", "BILLING_REQUESTED", "IN_LAB", "ASSIGNED", "IN_CALIBRATION",
                      "AWAITING_SIGNATURE"):  # something waiting in every staff inbox
        order_at(milestone, customer="pelanggan2")
    wide = []
    anonymous = people("anonymous", viewport=PHONE)
    for path in ("/", "/accounts/login/", "/accounts/register/"):
        visit(anonymous, path)
        if not no_horizontal_overflow(anonymous):
            wide.append(path)
    customer = signed_in(users["pelanggan"], viewport=PHONE)
    for path in ("/", "/orders/", "/orders/new/", f"/orders/{order.pk}/", "/workflow/inbox/PELANGGAN/",
                 "/notifications/"):
        visit(customer, path)
        if not no_horizontal_overflow(customer):
            wide.append(path)
            shots(customer, "phone-too-wide-" + path.strip("/").replace("/", "-"))
    visit(customer, f"/orders/{order.pk}/")
    shots(customer, "phone-customer-order")
    for username, role in STAFF_INBOXES:
        page = signed_in(users[username], viewport=PHONE)
        visit(page, f"/workflow/inbox/{role}/")
        if role != "ADMIN":
            assert page.locator("main a[href^='/orders/']").count(), f"the {role} inbox is empty"
        if not no_horizontal_overflow(page):
            wide.append(f"inbox {role}")
            shots(page, f"phone-too-wide-inbox-{role}")
    shots(page, "phone-inbox-kepala-balai")
    assert not wide, f"wider than {PHONE['width']} px: {wide}"


def axe_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page (WCAG 2.x A and AA rules and best practices)."""
    page.add_script_tag(path=str(VENDOR / "axe.min.js"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document);
        return {passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, impact: v.impact,
                help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))};
    }""")
    assert result["passes"] > 10, "axe-core did not check the page"
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_main_pages_have_no_serious_or_critical_accessibility_violations(signed_in, people, users, order_at):
    # The vendored axe-core is injected as a script tag; the site's CSP (rightly) forbids that, so the test
    # browser ignores CSP for these contexts only.
    priced = order_at("PRICED")
    in_lab = order_at("IN_CALIBRATION")
    instrument = in_lab.instruments.filter(laboratory__code="mass-volume").first()
    pages = {"anonymous": (people("anonymous", bypass_csp=True), ["/", "/accounts/login/", "/accounts/register/"])}
    pages["pelanggan"] = (signed_in(users["pelanggan"], bypass_csp=True), [
        "/orders/", "/orders/new/", f"/orders/{priced.pk}/", "/workflow/inbox/PELANGGAN/"])
    pages["cs"] = (signed_in(users["cs"], bypass_csp=True), ["/workflow/inbox/CS/", f"/orders/{priced.pk}/"])
    pages["analis"] = (signed_in(users["analis"], bypass_csp=True), [
        "/workflow/inbox/ANALIS/", f"/results/instrument/{instrument.pk}/"])
    pages["kepala_balai"] = (signed_in(users["kepala_balai"], bypass_csp=True), ["/workflow/inbox/KEPALA_BALAI/"])
    found = {}
    for who, (page, paths) in pages.items():
        for path in paths:
            visit(page, path)
            violations = axe_violations(page)
            if violations:
                found[f"{who} {path}"] = violations
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_the_customer_accepts_the_price_with_the_keyboard_alone(signed_in, users, order_at, shots):
    order = order_at("PRICED")
    page = signed_in(users["pelanggan"])
    visit(page, f"/orders/{order.pk}/")
    target = "Setujui harga dan minta e-billing"
    for _ in range(150):  # Tab through the page until the button has the focus
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.innerText || ''")
        if focused.strip() == target:
            break
    else:
        pytest.fail(f"'{target}' cannot be reached with the Tab key")
    shots(page, "keyboard-focus-accept-price")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused button shows no focus ring"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    order.refresh_from_db()
    assert order.state == O.BILLING_REQUESTED
