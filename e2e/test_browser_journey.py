"""One order through the 22 SOP steps in a real browser: a new customer and the people of the nine roles,
each in their own browser context, clicking and typing. Each step leaves a screenshot in var/e2e-shots/."""
from __future__ import annotations

import datetime
import io
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image
from stdnum import luhn

from accounts.seed import DEMO_PASSWORD
from e2e.conftest import SHOTS, log_in
from orders.models import Order
from results.demo import DEMO_POINTS, FALLBACK_POINTS, demo_sheet_post
from workflow.states import OrderState as O

CUSTOMER_PASSWORD = "Neraca#Musi-2026"
PASSPHRASE = "TTE-Demo-2026"
THERMOMETER = "Termokopel <= 300 °C"  # the demo catalogue's thermocouple (PP 54/2021)


def npwp() -> str:
    base = "04711000"
    return base + luhn.calc_check_digit(base) + "000000"


def receipt_photo(tmp_path):
    path = tmp_path / "bukti-bayar.png"
    buf = io.BytesIO()
    Image.new("RGB", (320, 200), (240, 240, 230)).save(buf, format="PNG")
    path.write_bytes(buf.getvalue())
    return path


def button(page, pattern: str):
    return page.get_by_role("button", name=re.compile(pattern))


def open_from_inbox(page, role: str, href: str):
    """The person opens their inbox and clicks the item waiting for them."""
    page.goto(f"/workflow/inbox/{role}/")
    link = page.locator(f'a[href="{href}"]')
    if not link.count():
        page.screenshot(path=str(SHOTS / f"failed-inbox-{role}.png"), full_page=True)
    assert link.count(), f"{href} is not in the {role} inbox"
    link.first.click()
    page.wait_for_load_state()


def done(page, shots, name):
    """After a click that posts: no error message on the page, and a screenshot."""
    shots(page, name)
    errors = page.locator(".msg-error, .errorlist").all_inner_texts()
    assert not errors, (name, errors)


def fill_results_grid(page, inst):
    """Step 14 as the analyst: one row per calibration point, adding rows first, then typing the values."""
    params = list(inst.parameters.order_by("id"))
    for param in params:
        points = DEMO_POINTS.get(param.name, FALLBACK_POINTS)
        for _ in range(len(points) - 1):
            page.get_by_role("button", name=f"+ Tambah baris {param.name}").click()
            page.wait_for_load_state()
    page.locator("[name=calibration_date]").fill((timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    page.locator("[name=temperature]").fill("20,4")
    page.locator("[name=humidity]").fill("54")
    rows = page.locator("input[type=hidden][name$='-param']")
    by_param: dict[str, list[int]] = {}
    for i in range(rows.count()):
        name = rows.nth(i).get_attribute("name")
        by_param.setdefault(rows.nth(i).get_attribute("value"), []).append(int(name.split("-")[1]))
    for param in params:
        points = DEMO_POINTS.get(param.name, FALLBACK_POINTS)
        for index, (nominal, readings, unit) in zip(by_param[str(param.pk)], points):
            page.locator(f"[name=r-{index}-nominal]").fill(nominal)
            page.locator(f"[name=r-{index}-readings]").fill(readings.replace(".", ","))
            page.locator(f"[name=r-{index}-unit]").fill(unit or "°C")
    # The method chosen once the points are typed (an empty grid would take the method's points instead).
    sheet = demo_sheet_post(inst)  # the calibration method, its reference standards and the resolution
    page.locator("[name=method]").select_option(sheet["method"])
    page.wait_for_load_state()
    for standard in sheet["standards"]:
        page.locator(f"[name=standards][value='{standard}']").check()
    page.locator("[name=resolution]").fill(sheet["resolution"])


@pytest.mark.slow
def test_nine_people_take_one_order_through_22_steps_in_the_browser(people, users, shots, tmp_path):
    from certificates.demo import ensure_demo_keys
    from certificates.tests.conftest import signature_status

    ensure_demo_keys()
    try:  # the head of centre signs in with a second factor when the two-factor app is installed
        from twofactor.demo import ensure_demo_device
    except ImportError:
        pass
    else:
        ensure_demo_device()
    staff = {name: people(name) for name in ("admin", "cs", "ketua_pji", "bendahara", "penyelia2", "analis2", "mt",
                                             "kepala_balai")}
    for name, page in staff.items():
        log_in(page, name, DEMO_PASSWORD)
    customer = people("customer")

    # Steps 1-2: the customer visits the site and registers.
    customer.goto("/")
    customer.get_by_role("link", name="Daftar").first.click()
    shots(customer, "01-register")
    form = {"full_name": "Putri Handayani", "email": "putri@presisimusi.co.id", "phone": "0711-412233",
            "nik": "1671016304920001", "company_name": "PT Presisi Musi Banyuasin", "npwp": npwp(),
            "address": "Jl. Basuki Rahmat No. 12, Palembang",
            "password1": CUSTOMER_PASSWORD, "password2": CUSTOMER_PASSWORD}
    for name, value in form.items():
        customer.locator(f"[name={name}]").fill(value)
    customer.locator("[name=consent]").check()
    customer.get_by_role("button", name="Daftar", exact=True).click()
    customer.wait_for_load_state()
    done(customer, shots, "02-registered")
    [verification] = [m for m in mail.outbox if m.to == ["putri@presisimusi.co.id"]]
    link = re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", verification.body).group(1)
    customer.goto(link)
    shots(customer, "02b-email-verified")

    # Step 3: the admin activates the account from the inbox.
    admin = staff["admin"]
    admin.goto("/workflow/inbox/ADMIN/")
    admin.get_by_role("link", name=re.compile("Putri Handayani")).click()
    button(admin, "Aktifkan akun").click()
    done(admin, shots, "03-admin-activated")

    # Step 4: the customer logs in and orders a thermometer calibration.
    log_in(customer, "putri@presisimusi.co.id", CUSTOMER_PASSWORD)
    customer.get_by_role("link", name="Buat pesanan", exact=True).click()
    type_select = customer.locator("select[name=line-0-instrument_type]")
    type_select.select_option(customer.locator("select[name=line-0-instrument_type] option",
                                               has_text=THERMOMETER).first.get_attribute("value"))
    for name, value in {"brand": "Fluke", "model": "1523", "serial_numbers": "FL-1523",
                        "capacity": "-30 °C s.d. 150 °C", "resolution": "0,01", "points": "0, 50, 100 °C"}.items():
        customer.locator(f"[name=line-0-{name}]").fill(value)
    customer.locator("[name=line-0-units]").fill("3")
    button(customer, "^Ajukan pesanan$").click()
    customer.wait_for_load_state()
    done(customer, shots, "04-order-submitted")
    order = Order.objects.get(company__name="PT Presisi Musi Banyuasin")
    detail = f"/orders/{order.pk}/"
    assert customer.url.endswith(detail)

    # Step 5: CS validates.
    cs = staff["cs"]
    open_from_inbox(cs, "CS", detail)
    button(cs, "Validasi dan beri nomor order").click()
    done(cs, shots, "05-cs-validated")
    order.refresh_from_db()
    assert order.number

    # Step 6: Ketua Tim PJI approves the tariff.
    ketua = staff["ketua_pji"]
    open_from_inbox(ketua, "KETUA_PJI", detail)
    button(ketua, "Setujui tarif").click()
    done(ketua, shots, "06-tariff-approved")

    # Step 7: the customer accepts the price.
    open_from_inbox(customer, "PELANGGAN", detail)
    button(customer, "Setujui harga").click()
    done(customer, shots, "07-price-accepted")

    # Step 8: the treasurer issues the e-billing.
    treasurer = staff["bendahara"]
    open_from_inbox(treasurer, "BENDAHARA", detail)
    button(treasurer, "^Buat e-billing").click()
    done(treasurer, shots, "08-billing-issued")

    # Step 9: the customer uploads a photo of the payment receipt.
    open_from_inbox(customer, "PELANGGAN", detail)
    customer.get_by_label(re.compile("Bukti bayar")).set_input_files(str(receipt_photo(tmp_path)))
    button(customer, "Unggah bukti bayar").click()
    done(customer, shots, "09-proof-uploaded")

    # Step 10: the treasurer accepts the payment.
    open_from_inbox(treasurer, "BENDAHARA", detail)
    treasurer.get_by_label("NTPN").fill("0B2E4A1C7F9D3E56")
    treasurer.get_by_label(re.compile("Tanggal dan jam bayar")).fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    treasurer.get_by_label(re.compile("Bank/pos persepsi")).fill("BRI")
    button(treasurer, "Terima pembayaran").click()
    done(treasurer, shots, "10-payment-accepted")
    order.refresh_from_db()
    assert order.state == O.PAID

    # Step 11: CS receives the instrument for the temperature laboratory and its supervisor.
    inst = order.instruments.get()
    open_from_inbox(cs, "CS", detail)
    cs.get_by_role("link", name=re.compile("Terima alat")).click()
    cs.get_by_role("radio", name="Terima", exact=True).check()
    cs.locator(f"[name=i{inst.pk}-laboratory]").select_option(str(inst.laboratory_id))
    cs.locator(f"[name=i{inst.pk}-supervisor]").select_option(str(users["penyelia2"].pk))
    cs.locator("[name=delivered_by]").fill("Putri Handayani")
    shots(cs, "11a-reception-form")
    button(cs, "Simpan penerimaan").click()
    done(cs, shots, "11-received")
    inst.refresh_from_db()
    item = f"/orders/instrument/{inst.pk}/"

    # Step 12: the supervisor picks the analyst.
    supervisor = staff["penyelia2"]
    open_from_inbox(supervisor, "PENYELIA", item)
    supervisor.get_by_role("link", name=re.compile("pilih analis")).click()
    for select in supervisor.locator("select[name^=analyst_]").all():
        select.select_option(str(users["analis2"].pk))
    button(supervisor, "Simpan dan kirim ke MT").click()
    done(supervisor, shots, "12-assigned")

    # Step 13: MT approves the assignment.
    mt = staff["mt"]
    open_from_inbox(mt, "MT", item)
    button(mt, "Validasi parameter dan analis").click()
    done(mt, shots, "13-assignment-approved")

    # Step 14: the analyst enters the readings.
    analyst = staff["analis2"]
    open_from_inbox(analyst, "ANALIS", item)
    analyst.get_by_role("link", name=re.compile("Masukkan hasil kalibrasi")).click()
    fill_results_grid(analyst, inst)
    shots(analyst, "14a-results-grid")
    button(analyst, "kirim ke penyelia").click()
    done(analyst, shots, "14-results-submitted")

    # Step 15: the supervisor verifies.
    open_from_inbox(supervisor, "PENYELIA", item)
    supervisor.get_by_role("link", name=re.compile("verifikasi hasil")).click()
    button(supervisor, "^Verifikasi hasil$").click()
    done(supervisor, shots, "15-verified")

    # Step 16: MT validates; the order's results are ready.
    open_from_inbox(mt, "MT", item)
    mt.get_by_role("link", name=re.compile("validasi hasil")).click()
    button(mt, "^Validasi hasil$").click()
    done(mt, shots, "16-validated")
    order.refresh_from_db()
    assert order.state == O.RESULTS_READY

    # Step 17: Ketua Tim PJI numbers the report.
    open_from_inbox(ketua, "KETUA_PJI", detail)
    button(ketua, "Buat nomor E-LHU").click()
    done(ketua, shots, "17-numbered")

    # Step 18: CS asks the head of centre to sign.
    open_from_inbox(cs, "CS", detail)
    cs.get_by_label("Kepala Balai penanda tangan").select_option(str(users["kepala_balai"].pk))
    button(cs, "Minta TTE Kepala Balai").click()
    done(cs, shots, "18-signature-requested")

    # Step 19: the head of centre signs with the passphrase.
    head = staff["kepala_balai"]
    open_from_inbox(head, "KEPALA_BALAI", detail)
    head.get_by_label("Passphrase TTE").fill(PASSPHRASE)
    button(head, "Tandatangani").first.click()
    head.wait_for_load_state()
    done(head, shots, "19-signed")
    order.refresh_from_db()
    assert order.state == O.SIGNED

    # Step 20: CS checks and forwards.
    open_from_inbox(cs, "CS", detail)
    cs.get_by_role("checkbox", name=re.compile("telah memeriksa")).check()
    button(cs, "Teruskan E-LHU").click()
    done(cs, shots, "20-forwarded")

    # Step 21: the customer fills the survey and downloads the signed report.
    open_from_inbox(customer, "PELANGGAN", detail)
    customer.get_by_role("link", name=re.compile("Isi survei kepuasan")).click()
    for group in customer.locator("fieldset:has(input[type=radio])").all():
        group.locator("input[type=radio]").nth(3).check()
    customer.get_by_label(re.compile("Komentar")).fill("Pelayanan cepat dan jelas.")
    shots(customer, "21a-survey")
    button(customer, "Kirim survei").click()
    done(customer, shots, "21-survey-sent")
    customer.goto(detail)
    with customer.expect_download() as download:
        customer.get_by_role("link", name=re.compile("Unduh E-LHU")).first.click()
    pdf = (tmp_path / "e-lhu.pdf")
    download.value.save_as(pdf)
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF") and b"/ByteRange" in content
    with ThreadPoolExecutor(1) as pool:  # pyHanko validates with asyncio; Playwright's loop runs in this thread
        _, status = pool.submit(signature_status, content).result()
    assert status.intact and status.valid

    # Step 22: the customer completes the order.
    button(customer, "Selesai Order").click()
    done(customer, shots, "22-completed")
    order.refresh_from_db()
    assert order.state == O.COMPLETED
    assert "Selesai" in customer.content()
