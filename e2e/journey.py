"""The 22 SOP steps as a person does them in the browser, shared by the browser journeys.

Steps 1-3 (`register_customer`) make the customer's account once. Steps 4-22 run on a `Lane`: one order
of that customer in one unit, with the pages of that unit's staff (each in their own browser context) and
their accounts, by role. `STEPS` lists the steps in SOP order; a journey runs them lane by lane, or step
by step over several lanes at once (orders in flight side by side). Each step leaves a screenshot in
var/e2e-shots/ named after the step (prefixed with the lane's name).
"""
from __future__ import annotations

import datetime
import io
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

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
# What the customer types for a thermocouple (step 4): the line's fields and its number of points.
THERMOMETER_LINE = (THERMOMETER, {"brand": "Fluke", "model": "1523", "serial_numbers": "FL-1523",
                                  "capacity": "-30 °C s.d. 150 °C", "resolution": "0,01",
                                  "points": "0, 50, 100 °C"}, 3)
# The Palembang demo staff who take the temperature laboratory's order, by the role (inbox) they act in.
PALEMBANG_CREW = {"CS": "cs", "KETUA_PJI": "ketua_pji", "BENDAHARA": "bendahara", "PENYELIA": "penyelia2",
                  "ANALIS": "analis2", "MT": "mt", "KEPALA_BALAI": "kepala_balai"}


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


def open_from_inbox(page, role: str, href: str, absent=()):
    """The person opens their inbox and clicks the item waiting for them; none of the links `absent`
    (another unit's items) is listed there."""
    page.goto(f"/workflow/inbox/{role}/")
    link = page.locator(f'a[href="{href}"]')
    if not link.count():
        page.screenshot(path=str(SHOTS / f"failed-inbox-{role}.png"), full_page=True)
    assert link.count(), f"{href} is not in the {role} inbox"
    for other in absent:
        assert not page.locator(f'a[href="{other}"]').count(), f"{other} (another unit's) is in the {role} inbox"
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


def prepare_signing(*heads: str):
    """The demo signing keys of every head of centre, and (with the two-factor app) the demo authenticator
    of each of `heads`, who sign in with a second factor."""
    from certificates.demo import ensure_demo_keys

    ensure_demo_keys()
    try:
        from twofactor.demo import ensure_demo_device
    except ImportError:
        return
    for username in heads:
        ensure_demo_device(username)


def signed_in(people, usernames) -> dict:
    """A logged-in page per username, each in its own browser context."""
    pages = {name: people(name) for name in usernames}
    for name, page in pages.items():
        log_in(page, name, DEMO_PASSWORD)
    return pages


def register_customer(customer, admin, shots, *, prefix: str = ""):
    """Steps 1-3: the customer registers and verifies the e-mail address; the admin activates the account;
    the customer logs in."""
    customer.goto("/")
    customer.get_by_role("link", name="Daftar").first.click()
    shots(customer, f"{prefix}01-register")
    form = {"full_name": "Putri Handayani", "email": "putri@presisimusi.co.id", "phone": "0711-412233",
            "nik": "1671016304920001", "company_name": "PT Presisi Musi Banyuasin", "npwp": npwp(),
            "address": "Jl. Basuki Rahmat No. 12, Palembang",
            "password1": CUSTOMER_PASSWORD, "password2": CUSTOMER_PASSWORD}
    for name, value in form.items():
        customer.locator(f"[name={name}]").fill(value)
    customer.locator("[name=consent]").check()
    customer.get_by_role("button", name="Daftar", exact=True).click()
    customer.wait_for_load_state()
    done(customer, shots, f"{prefix}02-registered")
    [verification] = [m for m in mail.outbox if m.to == ["putri@presisimusi.co.id"]]
    link = re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", verification.body).group(1)
    customer.goto(link)
    shots(customer, f"{prefix}02b-email-verified")

    admin.goto("/workflow/inbox/ADMIN/")
    admin.get_by_role("link", name=re.compile("Putri Handayani")).click()
    button(admin, "Aktifkan akun").click()
    done(admin, shots, f"{prefix}03-admin-activated")
    log_in(customer, "putri@presisimusi.co.id", CUSTOMER_PASSWORD)


@dataclass
class Lane:
    """One order of the customer in one unit, taken through steps 4-22 by that unit's staff.

    `pages` and `people`: the staff's pages and accounts by role code (as PALEMBANG_CREW's); `line`: what the
    customer orders (instrument type label, the line's fields, number of points); `unit_code`: the unit
    picked at step 4 (None: the form's default); `others`: the lanes of other units, whose items must never
    show in this lane's staff inboxes."""

    name: str
    customer: object
    pages: dict
    people: dict
    shots: object
    tmp_path: object
    line: tuple = THERMOMETER_LINE
    unit_code: str | None = None
    others: list = field(default_factory=list)
    order: Order | None = None
    pdf: bytes = b""

    @property
    def detail(self) -> str:
        return f"/orders/{self.order.pk}/"

    @property
    def inst(self):
        return self.order.instruments.get()

    @property
    def item(self) -> str:
        return f"/orders/instrument/{self.inst.pk}/"

    def foreign(self) -> list[str]:
        links = []
        for other in self.others:
            if other.order is not None:
                links.append(other.detail)
                links += [f"/orders/instrument/{pk}/" for pk in other.order.instruments.values_list("pk", flat=True)]
        return links

    def open(self, role: str, href: str):
        """The lane's person of `role` (the customer for PELANGGAN) opens `href` from their inbox."""
        page = self.customer if role == "PELANGGAN" else self.pages[role]
        open_from_inbox(page, role, href, absent=() if role == "PELANGGAN" else self.foreign())
        return page

    def done(self, page, name: str):
        done(page, self.shots, f"{self.name}{name}")

    def shot(self, page, name: str):
        self.shots(page, f"{self.name}{name}")

    def refresh(self):
        self.order.refresh_from_db()
        return self.order


def order_instrument(lane: Lane):
    """Step 4: the customer picks the unit (when several are offered), then orders one instrument."""
    customer = lane.customer
    customer.get_by_role("link", name="Buat pesanan", exact=True).click()
    if lane.unit_code:
        customer.locator("select[name=unit]").select_option(lane.unit_code)
        button(customer, "Tampilkan layanan unit").click()
        customer.wait_for_load_state()
    label, fields, units = lane.line
    type_select = customer.locator("select[name=line-0-instrument_type]")
    type_select.select_option(customer.locator("select[name=line-0-instrument_type] option",
                                               has_text=label).first.get_attribute("value"))
    for name, value in fields.items():
        customer.locator(f"[name=line-0-{name}]").fill(value)
    customer.locator("[name=line-0-units]").fill(str(units))
    button(customer, "^Ajukan pesanan$").click()
    customer.wait_for_load_state()
    lane.done(customer, "04-order-submitted")
    lane.order = Order.objects.get(pk=int(re.search(r"/orders/(\d+)/$", customer.url).group(1)))
    if lane.unit_code:
        assert lane.order.unit.code == lane.unit_code


def press(lane: Lane, role: str, href: str, pattern: str, shot: str, link: str = "") -> None:
    """A step done with one button: the lane's person of `role` opens `href` from their inbox (then the
    link named `link`, where given) and presses the button named `pattern`; the step's screenshot is `shot`."""
    page = lane.open(role, href)
    if link:
        page.get_by_role("link", name=re.compile(link)).click()
    button(page, pattern).click()
    lane.done(page, shot)


def validate(lane: Lane):
    """Step 5: CS validates."""
    press(lane, "CS", lane.detail, "Validasi dan beri nomor order", "05-cs-validated")
    assert lane.refresh().number


def approve_tariff(lane: Lane):
    """Step 6: Ketua Tim PJI approves the tariff."""
    press(lane, "KETUA_PJI", lane.detail, "Setujui tarif", "06-tariff-approved")


def accept_price(lane: Lane):
    """Step 7: the customer accepts the price."""
    press(lane, "PELANGGAN", lane.detail, "Setujui harga", "07-price-accepted")


def issue_billing(lane: Lane):
    """Step 8: the treasurer issues the e-billing."""
    press(lane, "BENDAHARA", lane.detail, "^Buat e-billing", "08-billing-issued")


def upload_proof(lane: Lane):
    """Step 9: the customer uploads a photo of the payment receipt."""
    customer = lane.open("PELANGGAN", lane.detail)
    customer.get_by_label(re.compile("Bukti bayar")).set_input_files(str(receipt_photo(lane.tmp_path)))
    button(customer, "Unggah bukti bayar").click()
    lane.done(customer, "09-proof-uploaded")


def accept_payment(lane: Lane):
    """Step 10: the treasurer accepts the payment."""
    treasurer = lane.open("BENDAHARA", lane.detail)
    treasurer.get_by_label("NTPN").fill(f"0B2E4A1C7F9D{lane.order.pk:04d}"[-16:])
    # the time as the treasurer reads their clock: their unit's zone (Makassar's WITA is an hour ahead of WIB)
    zone = ZoneInfo(lane.order.unit.time_zone)
    treasurer.get_by_label(re.compile("Tanggal dan jam bayar")).fill(
        timezone.localtime(timezone=zone).strftime("%Y-%m-%dT%H:%M"))
    treasurer.get_by_label(re.compile("Bank/pos persepsi")).fill("BRI")
    button(treasurer, "Terima pembayaran").click()
    lane.done(treasurer, "10-payment-accepted")
    assert lane.refresh().state == O.PAID


def receive(lane: Lane):
    """Step 11: CS receives the instrument for its laboratory and the laboratory's supervisor."""
    inst = lane.inst
    cs = lane.open("CS", lane.detail)
    cs.get_by_role("link", name=re.compile("Terima alat")).click()
    cs.get_by_role("radio", name="Terima", exact=True).check()
    cs.locator(f"[name=i{inst.pk}-laboratory]").select_option(str(inst.laboratory_id))
    cs.locator(f"[name=i{inst.pk}-supervisor]").select_option(str(lane.people["PENYELIA"].pk))
    cs.locator("[name=delivered_by]").fill("Putri Handayani")
    lane.shot(cs, "11a-reception-form")
    button(cs, "Simpan penerimaan").click()
    lane.done(cs, "11-received")


def assign(lane: Lane):
    """Step 12: the supervisor picks the analyst."""
    supervisor = lane.open("PENYELIA", lane.item)
    supervisor.get_by_role("link", name=re.compile("pilih analis")).click()
    for select in supervisor.locator("select[name^=analyst_]").all():
        select.select_option(str(lane.people["ANALIS"].pk))
    button(supervisor, "Simpan dan kirim ke MT").click()
    lane.done(supervisor, "12-assigned")


def approve_assignment(lane: Lane):
    """Step 13: MT approves the assignment."""
    press(lane, "MT", lane.item, "Validasi parameter dan analis", "13-assignment-approved")


def enter_results(lane: Lane):
    """Step 14: the analyst enters the readings."""
    analyst = lane.open("ANALIS", lane.item)
    analyst.get_by_role("link", name=re.compile("Masukkan hasil kalibrasi")).click()
    fill_results_grid(analyst, lane.inst)
    lane.shot(analyst, "14a-results-grid")
    button(analyst, "kirim ke penyelia").click()
    lane.done(analyst, "14-results-submitted")


def verify(lane: Lane):
    """Step 15: the supervisor verifies."""
    press(lane, "PENYELIA", lane.item, "^Verifikasi hasil$", "15-verified", link="verifikasi hasil")


def validate_results(lane: Lane):
    """Step 16: MT validates; the order's results are ready."""
    press(lane, "MT", lane.item, "^Validasi hasil$", "16-validated", link="validasi hasil")
    assert lane.refresh().state == O.RESULTS_READY


def number_report(lane: Lane):
    """Step 17: Ketua Tim PJI numbers the report."""
    press(lane, "KETUA_PJI", lane.detail, "Buat nomor E-LHU", "17-numbered")


def request_signature(lane: Lane):
    """Step 18: CS asks the head of centre to sign; only the heads of the order's unit are offered."""
    cs = lane.open("CS", lane.detail)
    signer = cs.get_by_label("Kepala Balai penanda tangan")
    offered = set(signer.locator("option").evaluate_all("options => options.map(o => o.value)"))
    assert str(lane.people["KEPALA_BALAI"].pk) in offered
    assert not offered & {str(other.people["KEPALA_BALAI"].pk) for other in lane.others}
    signer.select_option(str(lane.people["KEPALA_BALAI"].pk))
    button(cs, "Minta TTE Kepala Balai").click()
    lane.done(cs, "18-signature-requested")


def sign(lane: Lane):
    """Step 19: the head of centre signs with the passphrase."""
    head = lane.open("KEPALA_BALAI", lane.detail)
    head.get_by_label("Passphrase TTE").fill(PASSPHRASE)
    button(head, "Tandatangani").first.click()
    head.wait_for_load_state()
    lane.done(head, "19-signed")
    assert lane.refresh().state == O.SIGNED


def forward(lane: Lane):
    """Step 20: CS checks and forwards."""
    cs = lane.open("CS", lane.detail)
    cs.get_by_role("checkbox", name=re.compile("telah memeriksa")).check()
    button(cs, "Teruskan E-LHU").click()
    lane.done(cs, "20-forwarded")


def survey_and_download(lane: Lane):
    """Step 21: the customer fills the survey and downloads the signed report, whose signature holds."""
    from certificates.tests.conftest import signature_status

    customer = lane.open("PELANGGAN", lane.detail)
    customer.get_by_role("link", name=re.compile("Isi survei kepuasan")).click()
    for group in customer.locator("fieldset:has(input[type=radio])").all():
        group.locator("input[type=radio]").nth(3).check()
    customer.get_by_label(re.compile("Komentar")).fill("Pelayanan cepat dan jelas.")
    lane.shot(customer, "21a-survey")
    button(customer, "Kirim survei").click()
    lane.done(customer, "21-survey-sent")
    customer.goto(lane.detail)
    with customer.expect_download() as download:
        customer.get_by_role("link", name=re.compile("Unduh E-LHU")).first.click()
    pdf = lane.tmp_path / f"{lane.name}e-lhu.pdf"
    download.value.save_as(pdf)
    lane.pdf = pdf.read_bytes()
    assert lane.pdf.startswith(b"%PDF") and b"/ByteRange" in lane.pdf
    with ThreadPoolExecutor(1) as pool:  # pyHanko validates with asyncio; Playwright's loop runs in this thread
        _, status = pool.submit(signature_status, lane.pdf).result()
    assert status.intact and status.valid


def complete(lane: Lane):
    """Step 22: the customer completes the order."""
    customer = lane.customer
    customer.goto(lane.detail)  # the customer may have another unit's order open meanwhile
    button(customer, "Selesai Order").click()
    lane.done(customer, "22-completed")
    assert lane.refresh().state == O.COMPLETED
    assert "Selesai" in customer.content()


# Steps 4-22 in SOP order.
STEPS = [order_instrument, validate, approve_tariff, accept_price, issue_billing, upload_proof, accept_payment,
         receive, assign, approve_assignment, enter_results, verify, validate_results, number_report,
         request_signature, sign, forward, survey_and_download, complete]
