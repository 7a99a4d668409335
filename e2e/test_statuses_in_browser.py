"""Statuses that say what is true, read in a real browser: an instrument being calibrated says so, a
submitted order is no longer a draft, a signed and completed order's instruments say where their report
is, and an item sent back (price rejected, assignment returned, results returned) is marked in the inbox
of the person it went back to, with the reason."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from accounts.seed import DEMO_PASSWORD
from e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def orders_at(order_at, *milestones):
    """Orders driven through the services in a worker thread: signing validates with asyncio, and
    Playwright's event loop runs in this one."""
    def work():
        try:
            return [order_at(m) for m in milestones]
        finally:
            connection.close()
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()


def badges(page) -> list[str]:
    """The status of each instrument in the order page's instrument table."""
    return [t.strip() for t in page.locator('tr:has(a[href^="/orders/instrument/"]) td[data-label] .badge')
            .all_inner_texts()]


def test_order_and_instrument_statuses(people, order_at, shots):
    submitted, in_calibration, signed, completed = orders_at(order_at, "SUBMITTED", "IN_CALIBRATION", "SIGNED",
                                                             "COMPLETED")
    page = people("pelanggan")
    log_in(page, "pelanggan", DEMO_PASSWORD)

    page.goto(f"/orders/{submitted.pk}/")
    heading = page.locator("h1").inner_text()
    assert f"Permohonan #{submitted.pk}" in heading and "Draf" not in heading

    page.goto(f"/orders/{in_calibration.pk}/")
    assert set(badges(page)) == {"Sedang dikalibrasi"}
    shots(page, "statuses-being-calibrated")

    page.goto(f"/orders/{signed.pk}/")
    assert set(badges(page)) == {"E-LHU ditandatangani"}
    body = page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body")
    assert "Alat belum diserahkan kembali" not in body

    page.goto(f"/orders/{completed.pk}/")
    assert set(badges(page)) == {"Selesai"}
    body = page.inner_text("body")
    assert "Alat belum diserahkan kembali" not in body  # (the timeline keeps "Hasil divalidasi" as history)
    assert "siap diambil di Balai" in body
    shots(page, "statuses-completed")

    page.goto(f"/orders/instrument/{completed.instruments.first().pk}/")
    assert page.locator("h1 .badge").inner_text().strip() == "Selesai"

    # The same statuses on English pages.
    page.goto(f"/orders/{in_calibration.pk}/")
    page.locator("#lang-select").select_option("en")
    page.locator("form.lang button[type=submit]").click()
    page.wait_for_load_state()
    assert set(badges(page)) == {"Being calibrated"}
    page.goto(f"/orders/{submitted.pk}/")
    assert f"Request #{submitted.pk}" in page.locator("h1").inner_text()


def sent_back_marks(page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(".sent-back").all_inner_texts()]


def test_items_sent_back_are_marked_in_the_inbox_with_the_reason(people, order_at, users, shots):
    from lab import services as lab
    from results import services as results

    priced, untouched = order_at("PRICED"), order_at("SUBMITTED")
    customer = people("pelanggan")
    log_in(customer, "pelanggan", DEMO_PASSWORD)
    customer.goto(f"/orders/{priced.pk}/")
    customer.locator("summary", has_text="Tolak harga").click()
    customer.locator("form[action*='/step/order.reject_price/'] textarea, form[action*='/step/order.reject_price/'] input[name=reason]"
                     ).first.fill("Harga belum termasuk keringanan UMKM")
    customer.locator("form[action*='/step/order.reject_price/'] button[type=submit]").click()
    customer.wait_for_load_state()

    cs = people("cs")
    log_in(cs, "cs", DEMO_PASSWORD)
    cs.goto("/workflow/inbox/CS/")
    row = cs.locator("tr", has=cs.locator(f'a[href="/orders/{priced.pk}/"]'))
    assert "Dikembalikan" in row.inner_text() and "Harga belum termasuk keringanan UMKM" in row.inner_text()
    fresh = cs.locator("tr", has=cs.locator(f'a[href="/orders/{untouched.pk}/"]'))
    assert fresh.locator(".sent-back").count() == 0
    shots(cs, "inbox-cs-sent-back")

    assigned = order_at("ASSIGNED")
    inst = assigned.instruments.filter(laboratory__code="mass-volume").first()
    lab.return_assignment(users["mt"], inst.pk, "Analis untuk parameter eksentrisitas belum berwenang")
    supervisor = people("penyelia")
    log_in(supervisor, "penyelia", DEMO_PASSWORD)
    supervisor.goto("/workflow/inbox/PENYELIA/")
    assert any("Analis untuk parameter eksentrisitas belum berwenang" in m for m in sent_back_marks(supervisor))

    entered = order_at("RESULTS_ENTERED")
    back = entered.instruments.filter(laboratory__code="mass-volume").first()
    results.return_from_verification(users["penyelia"], back.pk, "Titik 200 g: pembacaan ketiga tidak tercatat")
    analyst = people("analis")
    log_in(analyst, "analis", DEMO_PASSWORD)
    analyst.goto("/workflow/inbox/ANALIS/")
    marks = sent_back_marks(analyst)
    assert any(re.search(r"Dikembalikan.*Titik 200 g: pembacaan ketiga tidak tercatat", m) for m in marks), marks
    shots(analyst, "inbox-analyst-sent-back")
