"""Less clicking for staff, in a real browser: CS sends a submitted order back to the customer with a
reason and the customer corrects and resubmits it; at reception each supervisor is listed with their
laboratory; the supervisor picks one analyst for all parameters of an instrument (and finds the only
authorised analyst already picked); MT validates two instruments of one order in one submit; the analyst
adds a point row in the results grid without the page reloading."""
from __future__ import annotations

import datetime
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.seed import DEMO_PASSWORD
from demo.road import demo_lines
from e2e.conftest import log_in
from results.demo import DEMO_POINTS, demo_sheet_post
from workflow.states import InstrumentState as I
from workflow.states import OrderState as O

pytestmark = pytest.mark.django_db(transaction=True)


def in_worker(fn):
    """ORM work that drives the services runs in a worker thread: Playwright's event loop runs in this one."""
    def work():
        try:
            return fn()
        finally:
            connection.close()
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()


def second_authorised_analyst(laboratory_code: str):
    """Another analyst of the laboratory, authorised for every method its first analyst is authorised for."""
    from accounts.models import AccountState, User, UserRole
    from accounts.roles import Role
    from metrology.models import Authorisation

    first = User.objects.get(username="analis" if laboratory_code == "mass-volume" else "analis2")
    user = User.objects.create(username="analis_b", full_name="Dewi Lestari", email="analis_b@demo.sippt.local",
                               email_verified=True, state=AccountState.ACTIVE, laboratory_id=first.laboratory_id)
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    UserRole.objects.create(user=user, role=Role.ANALIS)
    for auth in Authorisation.objects.filter(analyst=first):
        Authorisation.objects.create(analyst=user, method=auth.method,
                                     granted_on=timezone.localdate() - timedelta(days=30))
    return user


def selected_value(page, selector: str) -> str:
    return page.locator(selector).evaluate("el => el.value")


def test_cs_returns_a_submitted_order_and_the_customer_resubmits(people, order_at, shots):
    from orders.models import Order

    order = in_worker(lambda: order_at("SUBMITTED"))
    reason = "Nomor seri neraca kedua tertukar dengan yang pertama; mohon periksa pelat nama alat."
    cs = people("cs")
    log_in(cs, "cs", DEMO_PASSWORD)
    cs.goto(f"/orders/{order.pk}/")
    cs.locator("summary", has_text="Kembalikan ke pelanggan untuk diperbaiki").click()
    form = cs.locator("form[action*='/step/order.return_to_customer/']")
    form.locator("[name=reason]").fill(reason)
    form.get_by_role("button", name="Kembalikan ke pelanggan").click()
    cs.wait_for_load_state()
    shots(cs, "less-clicking-cs-returned")
    assert Order.objects.get(pk=order.pk).state == O.DRAFT

    customer = people("pelanggan")
    log_in(customer, "pelanggan", DEMO_PASSWORD)
    customer.goto(f"/orders/{order.pk}/")
    facts = customer.locator("dl.facts").first.inner_text()
    assert "Dikembalikan CS untuk diperbaiki" in facts and reason in facts
    shots(customer, "less-clicking-customer-sees-reason")
    customer.get_by_role("link", name="Ubah draf").click()
    customer.wait_for_load_state()
    serials = customer.locator("input[name$='-serial_numbers']")
    assert serials.count() >= 1
    serials.first.fill("B0001-XS-K")
    customer.get_by_role("button", name=re.compile(r"^\s*Ajukan pesanan\s*$")).click()
    customer.wait_for_load_state()
    shots(customer, "less-clicking-customer-resubmitted")
    order.refresh_from_db()
    assert order.state == O.SUBMITTED
    assert order.instruments.filter(serial_number="B0001-XS-K").exists()


def test_reception_to_the_grid_with_less_clicking(people, order_at, users, shots):
    from orders.models import Instrument

    order = in_worker(lambda: order_at("PAID", lines=demo_lines(count_mass=1, count_temp=1)))
    balance = order.instruments.get(laboratory__code="mass-volume")
    thermo = order.instruments.get(laboratory__code="temperature-pressure")

    # Reception: every supervisor option names the supervisor's laboratory.
    cs = people("cs")
    log_in(cs, "cs", DEMO_PASSWORD)
    cs.goto(f"/lab/order/{order.pk}/receive/")
    options = [o.strip() for o in cs.locator(f"[name=i{balance.pk}-supervisor] option").all_inner_texts()]
    named = [o for o in options if o and o != "---------"]
    assert named and all(" — " in o for o in named), options
    assert any(o.startswith(str(users["penyelia"])) and str(balance.laboratory) in o for o in named), named
    assert any(o.startswith(str(users["penyelia2"])) and str(thermo.laboratory) in o for o in named), named
    shots(cs, "less-clicking-reception-supervisors")
    for inst, supervisor in ((balance, users["penyelia"]), (thermo, users["penyelia2"])):
        cs.locator(f"[name=i{inst.pk}-laboratory]").select_option(str(inst.laboratory_id))
        cs.locator(f"[name=i{inst.pk}-supervisor]").select_option(str(supervisor.pk))
    cs.get_by_role("button", name="Simpan penerimaan").click()
    cs.wait_for_load_state()
    order.refresh_from_db()
    assert order.state == O.IN_LAB

    # The balance's laboratory has two authorised analysts: one choice fills every parameter.
    other = second_authorised_analyst("mass-volume")
    params = list(balance.parameters.order_by("pk"))
    assert len(params) > 1
    supervisor = people("penyelia")
    log_in(supervisor, "penyelia", DEMO_PASSWORD)
    supervisor.goto(f"/lab/instrument/{balance.pk}/assign/")
    assert selected_value(supervisor, "[name=analyst_all]") == ""
    supervisor.locator("[name=analyst_all]").select_option(str(other.pk))
    for p in params:
        assert selected_value(supervisor, f"[name=analyst_{p.pk}]") == str(other.pk)
    shots(supervisor, "less-clicking-one-analyst-for-all")
    supervisor.get_by_role("button", name="Simpan dan kirim ke MT").click()
    supervisor.wait_for_load_state()
    assert {p.analyst_id for p in balance.parameters.all()} == {other.pk}

    # The thermometer's laboratory has one authorised analyst: already picked, one click to send.
    supervisor2 = people("penyelia2")
    log_in(supervisor2, "penyelia2", DEMO_PASSWORD)
    supervisor2.goto(f"/lab/instrument/{thermo.pk}/assign/")
    assert selected_value(supervisor2, "[name=analyst_all]") == str(users["analis2"].pk)
    for p in thermo.parameters.all():
        assert selected_value(supervisor2, f"[name=analyst_{p.pk}]") == str(users["analis2"].pk)
    assert "Hanya satu analis yang berwenang" in supervisor2.inner_text("body")
    shots(supervisor2, "less-clicking-sole-analyst-preselected")
    supervisor2.get_by_role("button", name="Simpan dan kirim ke MT").click()
    supervisor2.wait_for_load_state()
    assert set(order.instruments.values_list("state", flat=True)) == {I.ASSIGNED}

    # MT validates both assignments on one page with one submit.
    mt = people("mt")
    log_in(mt, "mt", DEMO_PASSWORD)
    mt.goto(f"/orders/{order.pk}/")
    mt.get_by_role("link", name="Validasi semua alat yang menunggu MT di satu halaman").click()
    mt.wait_for_load_state()
    boxes = mt.locator("input[name=assignment]")
    assert boxes.count() == 2 and all(boxes.nth(n).is_checked() for n in range(2))
    shots(mt, "less-clicking-mt-one-page")
    mt.get_by_role("button", name="Validasi alat yang dicentang").click()
    mt.wait_for_load_state()
    assert set(order.instruments.values_list("state", flat=True)) == {I.IN_CALIBRATION}

    # The analyst adds point rows without a reload: a marker set on the window survives the clicks.
    analyst = people("analis2")
    log_in(analyst, "analis2", DEMO_PASSWORD)
    analyst.goto(f"/results/instrument/{thermo.pk}/")
    analyst.evaluate("window.__noReload = 'still here'")
    navigations = []
    analyst.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == analyst.main_frame else None)
    [param] = thermo.parameters.all()
    points = DEMO_POINTS[param.name]
    rows_before = analyst.locator("tr[data-row] input[name$='-nominal']").count()
    for _ in range(len(points) - rows_before):
        analyst.get_by_role("button", name=f"+ Tambah baris {param.name}").click()
    assert analyst.evaluate("window.__noReload") == "still here" and navigations == []
    nominals = analyst.locator("tr[data-row] input[name$='-nominal']")
    assert nominals.count() == len(points)
    assert analyst.locator("input[name=rows]").input_value() == str(len(points))
    shown = [t.strip() for t in analyst.locator("[data-paste-grid] tbody tr[data-row] > td:first-child").all_inner_texts()]
    assert shown == [str(n) for n in range(1, len(points) + 1)]
    assert analyst.evaluate("document.activeElement.name") == nominals.last.get_attribute("name")
    assert [nominals.nth(n).get_attribute("aria-label") for n in range(len(points))] == [
        f"Baris {n} ({param.name}): nilai nominal" for n in range(1, len(points) + 1)]
    for n, (nominal, readings, unit) in enumerate(points):
        index = nominals.nth(n).get_attribute("name").split("-")[1]
        analyst.locator(f"[name=r-{index}-nominal]").fill(nominal)
        analyst.locator(f"[name=r-{index}-readings]").fill(readings.replace(".", ","))
        analyst.locator(f"[name=r-{index}-unit]").fill(unit)
    analyst.locator("[name=calibration_date]").fill((timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    analyst.locator("[name=temperature]").fill("20,4")
    analyst.locator("[name=humidity]").fill("54")
    sheet = demo_sheet_post(Instrument.objects.get(pk=thermo.pk))
    analyst.locator("[name=method]").select_option(sheet["method"])
    for standard in sheet["standards"]:
        analyst.locator(f"[name=standards][value='{standard}']").check()
    analyst.locator("[name=resolution]").fill(sheet["resolution"])
    assert analyst.evaluate("window.__noReload") == "still here" and navigations == []
    shots(analyst, "less-clicking-rows-added-in-page")
    analyst.get_by_role("button", name="Simpan draf").last.click()
    analyst.wait_for_load_state()
    errors = analyst.locator(".msg-error, .errorlist").all_inner_texts()
    assert not errors, errors
    stored = list(param.points.order_by("position").values_list("nominal", flat=True))
    assert stored == [nominal for nominal, _, _ in points]


def test_mt_validates_the_results_of_two_instruments_in_one_submit(people, order_at, users, shots):
    order = in_worker(lambda: order_at("VERIFIED", lines=demo_lines(count_mass=1, count_temp=1)))
    assert set(order.instruments.values_list("state", flat=True)) == {I.VERIFIED}
    mt = people("mt")
    log_in(mt, "mt", DEMO_PASSWORD)
    mt.goto(f"/orders/{order.pk}/")
    mt.get_by_role("link", name="Validasi semua alat yang menunggu MT di satu halaman").click()
    mt.wait_for_load_state()
    boxes = mt.locator("input[name=results]")
    assert boxes.count() == 2 and all(boxes.nth(n).is_checked() for n in range(2))
    shots(mt, "less-clicking-mt-results-one-page")
    mt.get_by_role("button", name="Validasi alat yang dicentang").click()
    mt.wait_for_load_state()
    assert set(order.instruments.values_list("state", flat=True)) == {I.VALIDATED}
    order.refresh_from_db()
    assert order.state == O.RESULTS_READY
