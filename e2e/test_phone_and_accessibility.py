"""On a phone (390 px wide) the customer's pages and every inbox fit the screen; axe-core finds no serious or
critical accessibility violation on the main pages; an action can be done with the keyboard alone."""
from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail

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


# Every piece of text on the page whose glyphs leave the box of the element holding it, or are cut by an
# ancestor that hides overflow, or run past the screen; and every form field whose value is wider than the
# field. A wide table inside an `overflow-x: auto` (or scroll) container is fine: the reader can scroll it
# (but text running out of its own cell is cut off there too).
# Hidden on purpose (screen-reader-only text clipped to 1 px, the skip link parked off-screen) is not text
# a person reads there, and is left out.
CLIPPED_TEXT_JS = """() => {
  const vw = document.documentElement.clientWidth, slack = 1, found = [];
  const scrolls = el => { for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
      const x = getComputedStyle(a).overflowX; if (x === 'auto' || x === 'scroll') return true; } return false; };
  const hiddenOnPurpose = el => { for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a), r = a.getBoundingClientRect();
      if (s.clip !== 'auto' && s.position === 'absolute') return true;
      if ((s.position === 'absolute' || s.position === 'fixed') && r.right <= 0) return true; } return false; };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const path = el => { const parts = []; for (let a = el; a && a !== document.body && parts.length < 4; a = a.parentElement)
      parts.unshift(name(a)); return parts.join(' > '); };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    const text = node.textContent.replace(/\\s+/g, ' ').trim(), el = node.parentElement;
    if (!text || !el || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'OPTION', 'TEXTAREA', 'TITLE'].includes(el.tagName)) continue;
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const range = document.createRange(); range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    if (!rects.length || hiddenOnPurpose(el)) continue;
    const left = Math.min(...rects.map(r => r.left)), right = Math.max(...rects.map(r => r.right));
    const outside = box => right > box.right + slack || left < box.left - slack;
    const style = getComputedStyle(el);
    let problem = '';
    // its own box, wherever it sits: a cell whose text runs out of it is cut off even in a scrolling table
    if (style.display !== 'inline' && style.display !== 'contents' && outside(el.getBoundingClientRect()))
      problem = 'leaves its box';
    // an ancestor that hides overflow, or the screen; up to the first container the reader can scroll
    for (let a = el; !problem && a && a !== document.documentElement; a = a.parentElement) {
      const x = getComputedStyle(a).overflowX;
      if (x === 'auto' || x === 'scroll') {
        // a table may be wider than its scrolling box; a block in it (a stacked table's row or cell on a
        // phone) may not: its text would stand cut at the box's edge
        const edge = a.getBoundingClientRect().right;
        let inCell = false;  // inside a real table cell: the table scrolls as a whole
        for (let b = el; b !== a; b = b.parentElement) inCell = inCell || getComputedStyle(b).display === 'table-cell';
        for (let b = el; b !== a && !inCell; b = b.parentElement) {
          const d = getComputedStyle(b).display;
          if (['block', 'flex', 'grid', 'list-item', 'flow-root'].includes(d) && b.getBoundingClientRect().right > edge + slack
              && right > edge + slack) { problem = 'cut off by ' + name(a) + ' (' + name(b) + ' wider than it)'; break; }
        }
        break;
      }
      if (x !== 'visible' && outside(a.getBoundingClientRect())) problem = 'cut off by ' + name(a);
      if (a.parentElement === document.documentElement && (right > vw + slack || left < -slack))
        problem = 'runs past the screen';
    }
    if (problem) found.push({text: text.slice(0, 80), where: path(el), problem});
  }
  for (const f of document.querySelectorAll('input, textarea, select')) {
    if (['hidden', 'checkbox', 'radio', 'file', 'submit', 'button'].includes(f.type)) continue;
    if (!f.checkVisibility() || scrolls(f) || f.tagName === 'TEXTAREA') continue;
    const value = f.tagName === 'SELECT' ? (f.selectedOptions[0] || {}).text : f.value;
    if (value && f.scrollWidth > f.clientWidth + slack)
      found.push({text: String(value).slice(0, 80), where: path(f), problem: 'value wider than the field'});
    const r = f.getBoundingClientRect();
    if (r.width && (r.right > vw + slack || r.left < -slack))
      found.push({text: String(value || f.name).slice(0, 80), where: path(f), problem: 'field runs past the screen'});
  }
  // boxes (a scrolling container included) that stick out past the screen: the outermost one is the culprit
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect(), p = el.parentElement;
    if (!r.width || r.right <= vw + slack || hiddenOnPurpose(el) || (p && scrolls(p))) continue;
    if (p && p !== document.body && p.getBoundingClientRect().right > vw + slack) continue;
    found.push({text: (el.innerText || '').replace(/\\s+/g, ' ').trim().slice(0, 80), where: path(el),
                problem: 'box ' + Math.round(r.right) + ' px wide on a ' + vw + ' px screen'});
  }
  return found;
}"""


def clipped_text(page) -> list[dict]:
    """Text a reader cannot see whole on this page (see CLIPPED_TEXT_JS), with where it sits."""
    return page.evaluate(CLIPPED_TEXT_JS)


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


LONG_REASON = ("Harga disesuaikan: alat memiliki dua rentang ukur sehingga dikalibrasi sebagai dua alat menurut "
               "tarif PNBP yang berlaku")


def test_every_page_of_the_journey_shows_its_text_whole_on_a_phone(signed_in, people, users, order_at, shots):
    """At 390 px, on every page the 22-step journey visits, as the person who visits it, no text is cut off or
    runs out of its box (a table may scroll sideways inside its own container)."""
    from django.utils.module_loading import import_string

    from demo.road import ROAD, new_order
    from e2e.journey import npwp

    pages = {name: signed_in(users[name], viewport=PHONE) for name in (
        "pelanggan", "admin", "cs", "ketua_pji", "bendahara", "penyelia", "analis", "mt", "kepala_balai")}
    newcomer = people("newcomer", viewport=PHONE)
    clipped: dict[str, list] = {}

    def check(page, path, label):
        visit(page, path)
        found = clipped_text(page)
        if not no_horizontal_overflow(page):
            found.append({"problem": f"page wider than {PHONE['width']} px"})
        if found:
            clipped[f"{label} {path}"] = found
            shots(page, "phone-clipped-" + label + "-" + path.strip("/").replace("/", "-"))

    # steps 1-3: the newcomer registers, the admin reviews the account
    check(newcomer, "/", "newcomer")
    check(newcomer, "/accounts/register/", "newcomer")
    form = {"full_name": "Putri Handayani", "email": "putri@presisimusi.co.id", "phone": "0711-412233",
            "nik": "1671016304920001", "company_name": "PT Presisi Musi Banyuasin", "npwp": npwp(),
            "address": "Jl. Basuki Rahmat No. 12, Palembang", "username": "putri.h",
            "password1": "Neraca#Musi-2026", "password2": "Neraca#Musi-2026"}
    for field, value in form.items():
        if newcomer.locator(f"[name={field}]").count():
            newcomer.locator(f"[name={field}]").fill(value)
    newcomer.locator("[name=consent]").check()
    newcomer.get_by_role("button", name="Daftar", exact=True).click()
    newcomer.wait_for_load_state()
    check(newcomer, newcomer.url.replace(newcomer.url.split("/accounts/")[0], ""), "newcomer")
    [verification] = [m for m in mail.outbox if m.to == ["putri@presisimusi.co.id"]]
    check(newcomer, re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", verification.body).group(1), "newcomer")
    check(newcomer, "/accounts/login/", "newcomer")
    check(pages["admin"], "/workflow/inbox/ADMIN/", "admin")
    pages["admin"].get_by_role("link", name=re.compile("Putri Handayani")).click()
    pages["admin"].wait_for_load_state()
    check(pages["admin"], pages["admin"].url.replace(pages["admin"].url.split("/accounts/")[0], ""), "admin")

    # step 4: the order form, then a draft with a balance and a thermometer
    customer = pages["pelanggan"]
    for path in ("/", "/orders/", "/orders/new/"):
        check(customer, path, "pelanggan")
    order = new_order(users, "pelanggan")
    detail = f"/orders/{order.pk}/"
    check(customer, detail, "pelanggan")
    check(customer, f"/orders/{order.pk}/edit/", "pelanggan")
    balance = order.instruments.filter(laboratory__code="mass-volume").order_by("pk").first()
    item = f"/orders/instrument/{balance.pk}/"
    # after each milestone: (who, pages) as the journey visits them
    visits = {
        "SUBMITTED": [("pelanggan", [detail]), ("cs", ["/workflow/inbox/CS/", detail])],
        "VALIDATED": [("ketua_pji", ["/workflow/inbox/KETUA_PJI/", detail])],
        "PRICED": [("pelanggan", ["/workflow/inbox/PELANGGAN/", detail]), ("ketua_pji", [detail])],
        "BILLING_REQUESTED": [("bendahara", ["/workflow/inbox/BENDAHARA/", detail])],
        "AWAITING_PAYMENT": [("pelanggan", [detail])],
        "PAYMENT_SUBMITTED": [("bendahara", [detail])],
        "PAID": [("cs", [detail, f"/lab/order/{order.pk}/receive/"])],
        "IN_LAB": [("cs", [detail]), ("penyelia", ["/workflow/inbox/PENYELIA/", item,
                                                    f"/lab/instrument/{balance.pk}/assign/"])],
        "ASSIGNED": [("mt", ["/workflow/inbox/MT/", item])],
        "IN_CALIBRATION": [("analis", ["/workflow/inbox/ANALIS/", item, f"/results/instrument/{balance.pk}/"])],
        "RESULTS_ENTERED": [("penyelia", [item, f"/results/instrument/{balance.pk}/"])],
        "VERIFIED": [("mt", [item, f"/results/instrument/{balance.pk}/"])],
        "RESULTS_READY": [("ketua_pji", [detail])],
        "NUMBERED": [("cs", [detail])],
        "AWAITING_SIGNATURE": [("kepala_balai", ["/workflow/inbox/KEPALA_BALAI/", detail])],
        "SIGNED": [("cs", [detail]), ("kepala_balai", [detail])],
        "FORWARDED": [("pelanggan", [detail, f"/survey/order/{order.pk}/"])],
        "SURVEYED": [("pelanggan", [detail])],
        "COMPLETED": [("pelanggan", [detail, "/orders/"])],
    }

    def price_with_a_correction(users, order):
        from orders import services

        line = order.instruments.order_by("pk").first()
        services.approve_tariff(users["ketua_pji"], order.pk, corrections={line.pk: (200000, LONG_REASON)})

    # the road's steps run in another thread: signing calls asyncio.run(), which Playwright's loop forbids here
    with ThreadPoolExecutor(1) as pool:
        for milestone, step in ROAD:
            run = price_with_a_correction if milestone == "PRICED" else import_string(step)
            pool.submit(run, users, order).result()
            order.refresh_from_db()
            for who, paths in visits[milestone]:
                for path in paths:
                    check(pages[who], path, who)
    visit(customer, detail)
    shots(customer, "phone-customer-order-completed")
    assert not clipped, json.dumps(clipped, indent=1, ensure_ascii=False)
