"""The acceptance test: ONE order carried through the 22 steps of the SOP over HTTP, by a new customer and
the demo accounts of the nine roles, each in their own browser (a test client per person). At every step it
checks what the user depends on (state, numbers, documents) and the audit entry the step leaves."""
from __future__ import annotations

import datetime
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.test import Client
from django.utils import timezone
from PIL import Image
from stdnum import luhn
from stdnum.id import nik as stdnum_nik
from stdnum.id import npwp as stdnum_npwp

from accounts.models import User
from accounts.roles import SYSTEM, Role
from billing.models import Billing, BillingStatus, PaymentProof
from catalog.models import InstrumentType
from certificates.demo import DEMO_PASSPHRASE, ensure_demo_keys
from certificates.models import Report, ReportStatus
from certificates.tests.conftest import pdf_text, signature_status
from demo.road import demo_thermometer
from lab.models import Reception
from notifications.models import Notification
from orders.models import Order
from results.demo import DEMO_POINTS, demo_sheet_post
from results.models import CalibrationPoint, ResultChange, ResultComment
from survey.models import ELEMENT_FIELDS, HandoverRecord
from twofactor.testing import mark_verified
from workflow.models import AuditEntry
from workflow.states import AccountState as A
from workflow.states import InstrumentState as I
from workflow.states import OrderState as O

STAFF = ("admin", "cs", "ketua_pji", "bendahara", "penyelia", "penyelia2", "analis", "analis2", "mt",
         "kepala_balai")
CUSTOMER_PASSWORD = "Neraca#Musi-2026"
NIK = "1671016304920001"  # Palembang (16.71.01), a woman born 23-04-1992
BALANCE = "Neraca analitik"
SEND_BACK_COMMENT = "Koreksi titik 200 g bertanda salah; periksa kembali."


# --- small helpers -----------------------------------------------------------------------------------

def valid_npwp(serial: int) -> str:
    base = f"{serial:08d}"
    return base + luhn.calc_check_digit(base) + "000000"


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (24, 12), (20, 120, 200)).save(buf, format="PNG")
    return buf.getvalue()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def errors_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if "error" in m.tags]


class Journey:
    """Posting as a person, running the after-commit work (mail, notifications) as the server would."""

    def __init__(self, capture):
        self.capture = capture

    def step(self, client, role, item, url, data=None, *, stays=False):
        """One SOP step by the person holding `role`: the item (a link) waits in their inbox, they post,
        it leaves the inbox (unless the next step is theirs too)."""
        assert item in inbox(client, role), f"{item} is not in the {role} inbox before {url}"
        response = self.post(client, url, data)
        assert (item in inbox(client, role)) == stays, f"{item} in the {role} inbox after {url}"
        return response

    def post(self, client, url, data=None, *, expect=302, **extra):
        with self.capture(execute=True):
            response = client.post(url, data or {}, **extra)
        assert response.status_code == expect, (url, response.status_code, messages_of(response))
        if expect == 302:
            assert not errors_of(response), (url, errors_of(response))
        return response


def inbox(client, role) -> str:
    response = client.get(f"/workflow/inbox/{role}/")
    assert response.status_code == 200
    return response.content.decode()


def told(user, order) -> bool:
    """Whether `user` got a notification about the order (the next actor, or the customer)."""
    return Notification.objects.filter(user=user, url=f"/orders/{order.pk}/").exists()


def pdf_of(response) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF")
    return content


def audited(code, *, actor, role, step, from_state, to_state, times=1, **where) -> AuditEntry:
    """The audit entries of `code` about `where`: `times` of them, the last one as expected."""
    entries = list(AuditEntry.objects.filter(code=code, **where).order_by("at", "id"))
    assert len(entries) == times, f"{code} {where}: {len(entries)} entries, expected {times}"
    last = entries[-1]
    assert (last.actor, last.role, last.step, last.from_state, last.to_state) == (
        actor, str(role), step, str(from_state), str(to_state)), last.__dict__
    return last


def refresh(*objs):
    for obj in objs:
        obj.refresh_from_db()


def line(n, itype, brand, serials, capacity, points, units=1):
    return {f"line-{n}-instrument_type": itype.pk, f"line-{n}-brand": brand, f"line-{n}-model": "M-1",
            f"line-{n}-serial_numbers": serials, f"line-{n}-capacity": capacity, f"line-{n}-resolution": "0,1",
            f"line-{n}-points": points, f"line-{n}-units": units, f"line-{n}-tolerance": ""}


def grid_post(inst, *, fix=None, submit=True):
    """The results grid as the analyst fills it: every parameter's calibration points (decimal commas)."""
    data = {"temperature": "20,4", "humidity": "54",
            "calibration_date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat()}
    data.update(demo_sheet_post(inst))  # the calibration method, its standards and the resolution
    i = 0
    for param in inst.parameters.order_by("id"):
        for nominal, readings, unit in DEMO_POINTS[param.name]:
            if fix and (param.name, nominal) in fix:
                readings = fix[(param.name, nominal)]
            data.update({f"r-{i}-param": param.pk, f"r-{i}-id": "", f"r-{i}-nominal": nominal,
                         f"r-{i}-readings": readings.replace(".", ","), f"r-{i}-unit": unit})
            i += 1
    data["rows"] = str(i)
    data["submit" if submit else "save"] = "1"
    return data


def stored_grid_post(inst, *, fix):
    """The grid posted again after a send-back: the stored rows with their ids, one value corrected."""
    data = grid_post(inst, fix=fix)
    stored = {(point.parameter_id, point.nominal): point.pk
              for point in CalibrationPoint.objects.filter(parameter__instrument=inst)}
    for i in range(int(data["rows"])):
        data[f"r-{i}-id"] = stored[(data[f"r-{i}-param"], data[f"r-{i}-nominal"])]
    return data


# --- the journey -------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_one_order_travels_all_22_sop_steps_over_http_with_the_nine_roles(users, django_capture_on_commit_callbacks,
                                                                          tmp_path):
    ensure_demo_keys()
    j = Journey(django_capture_on_commit_callbacks)
    staff = {name: Client() for name in STAFF}
    for name, c in staff.items():
        c.force_login(users[name])
        mark_verified(c, users[name])  # the head of centre's TOTP second factor, as if entered
    u = users
    customer = Client()

    # ---- Step 1: the first visit to the registration page starts the clock of step 1.
    npwp = valid_npwp(4711)
    assert stdnum_nik.is_valid(NIK) and stdnum_npwp.is_valid(npwp)
    before_visit = timezone.now()
    page = customer.get("/accounts/register/")
    assert page.status_code == 200 and 'name="npwp"' in page.content.decode()
    after_visit = timezone.now()

    # ---- Step 2: registration; the account waits, unverified and inactive.
    j.post(customer, "/accounts/register/", {
        "full_name": "Putri Handayani", "email": "putri@presisimusi.co.id", "phone": "0711-412233", "nik": NIK,
        "company_name": "PT Presisi Musi Banyuasin", "npwp": npwp, "address": "Jl. Basuki Rahmat No. 12, Palembang",
        "password1": CUSTOMER_PASSWORD, "password2": CUSTOMER_PASSWORD, "consent": "on",
    }, expect=200)
    account = User.objects.get(email="putri@presisimusi.co.id")
    assert account.state == A.AWAITING_ACTIVATION and not account.is_active and not account.email_verified
    assert account.is_customer and account.company.npwp == "0" + npwp and account.nik == NIK
    visit = audited("account.visit", actor=account, role=Role.PELANGGAN, step=1, from_state="",
                    to_state=A.ON_WEBSITE, account=account)
    assert before_visit <= visit.at <= after_visit  # measured from the first visit, not from the POST
    register = audited("account.register", actor=account, role=Role.PELANGGAN, step=2, from_state=A.ON_WEBSITE,
                       to_state=A.AWAITING_ACTIVATION, account=account)
    assert register.at >= after_visit

    # The emailed link verifies the address; logging in is still refused until activation.
    [verification] = [m for m in mail.outbox if m.to == ["putri@presisimusi.co.id"]]
    link = re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", verification.body).group(1)
    assert customer.get(link).status_code == 200
    refresh(account)
    assert account.email_verified and AuditEntry.objects.filter(code="account.email_verified", account=account).exists()
    refused = customer.post("/accounts/login/", {"username": "putri@presisimusi.co.id", "password": CUSTOMER_PASSWORD})
    assert "_auth_user_id" not in customer.session and "belum diaktifkan" in refused.content.decode()

    # ---- Step 3: ADMIN reviews and activates; the customer logs in through the login form.
    assert f"/accounts/review/{account.pk}/" in staff["admin"].get("/workflow/inbox/ADMIN/").content.decode()
    assert "PT Presisi Musi Banyuasin" in staff["admin"].get(f"/accounts/review/{account.pk}/").content.decode()
    j.step(staff["admin"], "ADMIN", f"/accounts/review/{account.pk}/", f"/accounts/review/{account.pk}/activate/")
    refresh(account)
    assert account.state == A.ACTIVE and account.is_active
    audited("account.activate", actor=u["admin"], role=Role.ADMIN, step=3, from_state=A.AWAITING_ACTIVATION,
            to_state=A.ACTIVE, account=account)
    assert any(m.to == ["putri@presisimusi.co.id"] and "aktif" in m.subject for m in mail.outbox)
    response = customer.post("/accounts/login/", {"username": "putri@presisimusi.co.id", "password": CUSTOMER_PASSWORD})
    assert response.status_code == 302 and customer.session["_auth_user_id"] == str(account.pk)

    # ---- Step 4: the order: two balances (mass-volume lab) on one line, one thermometer (temperature lab).
    balance = InstrumentType.objects.get(name=BALANCE)
    thermo = demo_thermometer()  # a thermocouple up to 300 °C, PP 54/2021
    assert customer.get("/orders/new/").status_code == 200
    response = j.post(customer, "/orders/new/", {
        "line-TOTAL_FORMS": 2, "line-INITIAL_FORMS": 0, "line-MIN_NUM_FORMS": 1, "line-MAX_NUM_FORMS": 200,
        "notes": "Mohon diselesaikan sebelum audit internal.", "submit": "1",
        **line(0, balance, "Mettler Toledo", "MT-2201, MT-2202", "220 g", "50, 100, 200 g"),
        **line(1, thermo, "Fluke", "FL-1523", "-30 °C s.d. 150 °C", "0, 50, 100 °C", units=3),
    })
    order = Order.objects.get(company=account.company)
    assert response["Location"] == f"/orders/{order.pk}/"
    assert order.state == O.SUBMITTED and order.created_by == account and order.number is None
    insts = {i.serial_number: i for i in order.instruments.select_related("laboratory")}
    assert sorted(insts) == ["FL-1523", "MT-2201", "MT-2202"]
    assert {s: i.laboratory.code for s, i in insts.items()} == {
        "MT-2201": "mass-volume", "MT-2202": "mass-volume", "FL-1523": "temperature-pressure"}
    audited("order.submit", actor=account, role=Role.PELANGGAN, step=4, from_state=O.DRAFT, to_state=O.SUBMITTED,
            order=order)

    # ---- Step 5: CS validates; the order gets its number.
    detail = f"/orders/{order.pk}/"
    assert told(u["cs"], order)
    j.step(staff["cs"], "CS", detail, f"/orders/{order.pk}/do/validate/", {"note": "Data alat lengkap."})
    refresh(order)
    assert order.state == O.VALIDATED and re.fullmatch(r"ORD/\d{4}/\d{2}/\d{6}", order.number)
    entry = audited("order.validate", actor=u["cs"], role=Role.CS, step=5, from_state=O.SUBMITTED,
                    to_state=O.VALIDATED, order=order)
    assert entry.data["number"] == order.number

    # ---- Step 6: Ketua Tim PJI approves the catalogue tariff as it is.
    total = order.total_amount
    assert total > 0
    assert told(u["ketua_pji"], order)
    j.step(staff["ketua_pji"], "KETUA_PJI", detail, f"/orders/{order.pk}/tariff/",
           {f"amount_{i.pk}": i.effective_amount for i in order.instruments.all()})
    refresh(order)
    assert order.state == O.PRICED and order.total_amount == total
    audited("order.approve_tariff", actor=u["ketua_pji"], role=Role.KETUA_PJI, step=6, from_state=O.VALIDATED,
            to_state=O.PRICED, order=order)

    # ---- Step 7: the customer accepts the price and so asks for the e-billing.
    assert order.number in customer.get(f"/orders/{order.pk}/").content.decode()
    assert told(account, order)
    j.step(customer, "PELANGGAN", detail, f"/orders/{order.pk}/do/accept-price/")
    refresh(order)
    assert order.state == O.BILLING_REQUESTED
    audited("order.accept_price", actor=account, role=Role.PELANGGAN, step=7, from_state=O.PRICED,
            to_state=O.BILLING_REQUESTED, order=order)

    # ---- Step 8: the treasurer issues the e-billing for the approved total.
    j.step(staff["bendahara"], "BENDAHARA", detail, f"/billing/order/{order.pk}/issue/")
    refresh(order)
    billing = Billing.objects.get(order=order)
    assert order.state == O.AWAITING_PAYMENT and billing.amount == total and re.fullmatch(r"8\d{14}", billing.code)
    audited("order.issue_billing", actor=u["bendahara"], role=Role.BENDAHARA, step=8,
            from_state=O.BILLING_REQUESTED, to_state=O.AWAITING_PAYMENT, order=order)
    assert billing.code in customer.get(f"/orders/{order.pk}/").content.decode()

    # ---- Step 9: the customer pays and uploads a photo of the receipt (PNG).
    j.step(customer, "PELANGGAN", detail, f"/billing/order/{order.pk}/proof/",
           {"proof": SimpleUploadedFile("bukti.png", png_bytes(), content_type="image/png")})
    refresh(order)
    proof = PaymentProof.objects.get(order=order)
    assert order.state == O.PAYMENT_SUBMITTED
    audited("order.submit_payment", actor=account, role=Role.PELANGGAN, step=9, from_state=O.AWAITING_PAYMENT,
            to_state=O.PAYMENT_SUBMITTED, order=order)
    shown = staff["bendahara"].get(f"/billing/order/{order.pk}/proof/{proof.pk}/")
    assert shown.status_code == 200

    # ---- Step 10: the treasurer accepts the proof; the order is paid.
    j.step(staff["bendahara"], "BENDAHARA", detail, f"/billing/order/{order.pk}/accept/",
           {"ntpn": "0B2E4A1C7F9D3E56", "bank": "BRI",
            "paid_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})
    refresh(order, billing)
    assert order.state == O.PAID and billing.status == BillingStatus.PAID and order.payments.count() == 1
    audited("order.accept_payment", actor=u["bendahara"], role=Role.BENDAHARA, step=10,
            from_state=O.PAYMENT_SUBMITTED, to_state=O.PAID, order=order)

    # ---- Step 11: CS receives every instrument, choosing each laboratory's supervisor.
    assert staff["cs"].get(f"/lab/order/{order.pk}/receive/").status_code == 200
    supervisor_of = {"mass-volume": "penyelia", "temperature-pressure": "penyelia2"}
    analyst_of = {"penyelia": "analis", "penyelia2": "analis2"}
    post = {"delivered_by": "Putri Handayani"}
    for inst in insts.values():
        post.update({f"i{inst.pk}-accepted": "1", f"i{inst.pk}-condition": "Baik, bersih",
                     f"i{inst.pk}-accessories": "Kotak dan kabel", f"i{inst.pk}-laboratory": inst.laboratory_id,
                     f"i{inst.pk}-supervisor": u[supervisor_of[inst.laboratory.code]].pk, f"i{inst.pk}-reason": ""})
    j.step(staff["cs"], "CS", detail, f"/lab/order/{order.pk}/receive/", post)
    refresh(order)
    assert order.state == O.IN_LAB and Reception.objects.get(order=order).delivered_by == "Putri Handayani"
    audited("order.receive", actor=u["cs"], role=Role.CS, step=11, from_state=O.PAID, to_state=O.IN_LAB,
            order=order)
    for inst in insts.values():
        refresh(inst)
        assert inst.state == I.RECEIVED and re.fullmatch(r"SMP-\d{4}-\d{6}", inst.sample_id)
        audited("instrument.receive", actor=u["cs"], role=Role.CS, step=11, from_state=I.AWAITING_RECEPTION,
                to_state=I.RECEIVED, instrument=inst)
    assert len({i.sample_id for i in insts.values()}) == 3
    receipt = pdf_of(staff["cs"].get(f"/lab/order/{order.pk}/receipt.pdf"))
    pdf_of(staff["cs"].get(f"/lab/order/{order.pk}/labels.pdf"))
    assert pdf_of(customer.get(f"/lab/order/{order.pk}/receipt.pdf")) and receipt

    # ---- Step 12: each laboratory's supervisor checks the instrument and picks the analyst.
    for inst in insts.values():
        supervisor = supervisor_of[inst.laboratory.code]
        assert staff[supervisor].get(f"/lab/instrument/{inst.pk}/assign/").status_code == 200
        other = "penyelia2" if supervisor == "penyelia" else "penyelia"
        assert f"/orders/instrument/{inst.pk}/" not in inbox(staff[other], "PENYELIA")
        assert told(u[supervisor], order)
        j.step(staff[supervisor], "PENYELIA", f"/orders/instrument/{inst.pk}/", f"/lab/instrument/{inst.pk}/assign/",
               {f"analyst_{p.pk}": u[analyst_of[supervisor]].pk for p in inst.parameters.all()})
        refresh(inst)
        assert inst.state == I.ASSIGNED
        assert set(inst.parameters.values_list("analyst", flat=True)) == {u[analyst_of[supervisor]].pk}
        audited("instrument.assign", actor=u[supervisor], role=Role.PENYELIA, step=12, from_state=I.RECEIVED,
                to_state=I.ASSIGNED, instrument=inst)

    # ---- Step 13: MT validates each assignment; the instruments reach the analysts.
    for inst in insts.values():
        j.step(staff["mt"], "MT", f"/orders/instrument/{inst.pk}/", f"/lab/instrument/{inst.pk}/approve/")
        refresh(inst)
        assert inst.state == I.IN_CALIBRATION
        audited("instrument.approve_assignment", actor=u["mt"], role=Role.MT, step=13, from_state=I.ASSIGNED,
                to_state=I.IN_CALIBRATION, instrument=inst)
    assert insts["FL-1523"].sample_id in staff["analis2"].get("/workflow/inbox/ANALIS/").content.decode()
    assert insts["MT-2201"].sample_id in staff["analis"].get("/workflow/inbox/ANALIS/").content.decode()

    # ---- Step 14: the analysts fill the results grid and submit.
    def analyst_for(inst):
        return analyst_of[supervisor_of[inst.laboratory.code]]

    for inst in insts.values():
        grid = f"/results/instrument/{inst.pk}/"
        assert 'name="r-0-readings"' in staff[analyst_for(inst)].get(grid).content.decode()
        j.step(staff[analyst_for(inst)], "ANALIS", f"/orders/instrument/{inst.pk}/", grid, grid_post(inst))
        refresh(inst)
        assert inst.state == I.RESULTS_ENTERED
        assert sum(p.points.count() for p in inst.parameters.all()) == sum(
            len(DEMO_POINTS[p.name]) for p in inst.parameters.all())
        audited("instrument.submit_results", actor=u[analyst_for(inst)], role=Role.ANALIS, step=14,
                from_state=I.IN_CALIBRATION, to_state=I.RESULTS_ENTERED, instrument=inst)

    # Step 15 branch: the supervisor sends one balance back with a comment; the analyst sees it,
    # corrects the point and resubmits.
    sent_back = insts["MT-2202"]
    j.post(staff["penyelia"], f"/results/instrument/{sent_back.pk}/return-verification/",
           {"comment": SEND_BACK_COMMENT})
    refresh(sent_back)
    assert sent_back.state == I.IN_CALIBRATION
    audited("instrument.return_verification", actor=u["penyelia"], role=Role.PENYELIA, step=None,
            from_state=I.RESULTS_ENTERED, to_state=I.IN_CALIBRATION, instrument=sent_back)
    assert ResultComment.objects.get(instrument=sent_back).author == u["penyelia"]
    assert SEND_BACK_COMMENT in staff["analis"].get(f"/orders/instrument/{sent_back.pk}/").content.decode()
    assert SEND_BACK_COMMENT in staff["analis"].get(f"/results/instrument/{sent_back.pk}/").content.decode()
    assert f"/orders/instrument/{sent_back.pk}/" in inbox(staff["analis"], "ANALIS")
    j.post(staff["analis"], f"/results/instrument/{sent_back.pk}/",
           stored_grid_post(sent_back, fix={("Penunjukan (linearitas)", "200"): "200.0001; 200.0002; 200.0001"}))
    refresh(sent_back)
    assert sent_back.state == I.RESULTS_ENTERED
    change = ResultChange.objects.get(instrument=sent_back, field="readings")  # kept, with who made it
    assert (change.old_value, change.new_value, change.changed_by) == (
        "200.0004; 200.0005; 200.0004", "200.0001; 200.0002; 200.0001", u["analis"])
    correction = ResultChange.objects.get(instrument=sent_back, field="correction")  # follows the readings
    assert correction.old_value != correction.new_value and correction.changed_by == u["analis"]
    audited("instrument.submit_results", actor=u["analis"], role=Role.ANALIS, step=14, times=2,
            from_state=I.IN_CALIBRATION, to_state=I.RESULTS_ENTERED, instrument=sent_back)

    # ---- Step 15: the supervisors verify.
    for inst in insts.values():
        supervisor = supervisor_of[inst.laboratory.code]
        j.step(staff[supervisor], "PENYELIA", f"/orders/instrument/{inst.pk}/", f"/results/instrument/{inst.pk}/verify/",
               {"note": "Sesuai metode."})
        refresh(inst)
        assert inst.state == I.VERIFIED
        audited("instrument.verify", actor=u[supervisor], role=Role.PENYELIA, step=15,
                from_state=I.RESULTS_ENTERED, to_state=I.VERIFIED, instrument=inst)

    # ---- Step 16: MT validates; with the last instrument the order's results are ready.
    for inst in insts.values():
        j.step(staff["mt"], "MT", f"/orders/instrument/{inst.pk}/", f"/results/instrument/{inst.pk}/validate/",
               {"note": ""})
        refresh(inst)
        assert inst.state == I.VALIDATED
        audited("instrument.validate", actor=u["mt"], role=Role.MT, step=16, from_state=I.VERIFIED,
                to_state=I.VALIDATED, instrument=inst)
    refresh(order)
    assert order.state == O.RESULTS_READY
    audited("order.results_ready", actor=None, role=SYSTEM, step=None, from_state=O.IN_LAB,
            to_state=O.RESULTS_READY, order=order)

    # ---- Step 17: Ketua Tim PJI generates one report number per instrument.
    assert told(u["ketua_pji"], order)
    j.step(staff["ketua_pji"], "KETUA_PJI", detail, f"/certificates/order/{order.pk}/number/")
    refresh(order)
    reports = list(Report.objects.filter(order=order).order_by("id"))
    assert order.state == O.NUMBERED and len(reports) == 3
    assert {r.instrument_id for r in reports} == {i.pk for i in insts.values()}
    assert len({r.number for r in reports}) == 3 and all(r.status == ReportStatus.NUMBERED for r in reports)
    entry = audited("order.number_reports", actor=u["ketua_pji"], role=Role.KETUA_PJI, step=17,
                    from_state=O.RESULTS_READY, to_state=O.NUMBERED, order=order)
    assert sorted(entry.data["reports"]) == sorted(r.number for r in reports)

    # ---- Step 18: CS prints the drafts and asks the head of centre for the signature.
    for report in reports:
        draft = pdf_of(staff["cs"].get(f"/certificates/report/{report.pk}/draft.pdf"))
        text = pdf_text(draft, tmp_path)
        assert report.number in text and "DRAF" in text
    j.step(staff["cs"], "CS", detail, f"/certificates/order/{order.pk}/request-signature/",
           {"signer": u["kepala_balai"].pk})
    refresh(order)
    assert order.state == O.AWAITING_SIGNATURE and order.signer == u["kepala_balai"]
    audited("order.request_signature", actor=u["cs"], role=Role.CS, step=18, from_state=O.NUMBERED,
            to_state=O.AWAITING_SIGNATURE, order=order)

    # ---- Step 19: a wrong passphrase signs nothing; the right one signs every report.
    head = staff["kepala_balai"]
    assert 'name="passphrase"' in head.get(f"/orders/{order.pk}/").content.decode()
    response = j.post(head, f"/certificates/order/{order.pk}/sign/", {"passphrase": "TTE-Salah-2026"},
                      expect=200, follow=True)
    assert "Passphrase salah" in response.content.decode()
    refresh(order)
    assert order.state == O.AWAITING_SIGNATURE
    assert not Report.objects.filter(order=order, status=ReportStatus.SIGNED).exists()
    wrong = AuditEntry.objects.get(code="signature.wrong_passphrase", order=order)
    assert wrong.actor == u["kepala_balai"] and "TTE-Salah" not in wrong.note + str(wrong.data)
    assert not AuditEntry.objects.filter(code="order.sign", order=order).exists()
    assert told(u["kepala_balai"], order)
    j.step(head, "KEPALA_BALAI", detail, f"/certificates/order/{order.pk}/sign/", {"passphrase": DEMO_PASSPHRASE})
    refresh(order)
    assert order.state == O.SIGNED
    for report in reports:
        refresh(report)
        assert report.status == ReportStatus.SIGNED and report.signer == u["kepala_balai"] and report.sha256
    audited("order.sign", actor=u["kepala_balai"], role=Role.KEPALA_BALAI, step=19,
            from_state=O.AWAITING_SIGNATURE, to_state=O.SIGNED, order=order)

    # ---- Step 20: CS checks the signed reports and forwards them.
    pdf_of(staff["cs"].get(f"/certificates/report/{reports[0].pk}/signed.pdf"))
    j.step(staff["cs"], "CS", detail, f"/certificates/order/{order.pk}/forward/", {"checked": "on"})
    refresh(order)
    assert order.state == O.FORWARDED
    audited("order.forward", actor=u["cs"], role=Role.CS, step=20, from_state=O.SIGNED, to_state=O.FORWARDED,
            order=order)

    # ---- Step 21: no download before the survey; the survey; the signed, valid PDF.
    report = reports[0]
    response = customer.get(f"/certificates/report/{report.pk}/signed.pdf", follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "Isi survei kepuasan terlebih dahulu" in response.content.decode()
    report_downloads = AuditEntry.objects.filter(code="document.download", order=order, actor=account,
                                                 note__in=[r.number for r in reports])
    assert not report_downloads.exists()
    survey_page = customer.get(f"/survey/order/{order.pk}/").content.decode()
    assert survey_page.count('type="radio"') == 36
    assert told(account, order)
    j.step(customer, "PELANGGAN", detail, f"/survey/order/{order.pk}/", stays=True, data={
        **{name: str(score) for name, score in zip(ELEMENT_FIELDS, (4, 3, 4, 3, 4, 4, 4, 2, 3))},
        "comment": "Pelayanan cepat; ruang tunggu perlu diperluas."})
    refresh(order)
    assert order.state == O.SURVEYED
    assert order.survey_response.respondent == account and order.survey_response.complaint_handling == 2
    audited("order.fill_survey", actor=account, role=Role.PELANGGAN, step=21, from_state=O.FORWARDED,
            to_state=O.SURVEYED, order=order)
    for report in reports:
        signed = pdf_of(customer.get(f"/certificates/report/{report.pk}/signed.pdf"))
        _, status = signature_status(signed)
        assert status.intact and status.valid and status.trusted
        assert status.signing_cert.subject.native["common_name"] == u["kepala_balai"].full_name
        assert report.number in pdf_text(signed, tmp_path)
    downloads = report_downloads.all()
    assert sorted(downloads.values_list("note", flat=True)) == sorted(r.number for r in reports)
    assert set(downloads.values_list("role", flat=True)) == {Role.PELANGGAN}

    # ---- Step 22: the customer marks the order complete; CS records the hand-over of the instruments.
    j.step(customer, "PELANGGAN", detail, f"/survey/order/{order.pk}/complete/")
    refresh(order)
    assert order.state == O.COMPLETED
    audited("order.complete", actor=account, role=Role.PELANGGAN, step=22, from_state=O.SURVEYED,
            to_state=O.COMPLETED, order=order)
    j.post(staff["cs"], f"/survey/order/{order.pk}/handover/", {"received_by_name": "Putri Handayani"})
    handover = HandoverRecord.objects.get(order=order)
    assert handover.number.startswith("BAST/") and handover.handed_over_by == u["cs"]
    assert sorted(handover.items.values_list("sample_id", flat=True)) == sorted(i.sample_id for i in insts.values())
    assert AuditEntry.objects.get(code="handover.recorded", order=order).actor == u["cs"]
    pdf_of(customer.get(f"/survey/order/{order.pk}/handover.pdf"))

    # ---- The trail: every one of the 22 steps, in order, by the right role.
    trail = AuditEntry.objects.filter(Q(order=order) | Q(account=account)).exclude(step=None).order_by("at", "id")
    steps = [e.step for e in trail]
    assert sorted(set(steps)) == list(range(1, 23))
    once = [s for s in range(1, 23) if s not in range(11, 17)]
    assert all(steps.count(s) == 1 for s in once), steps
    assert all(steps.count(s) >= 1 for s in range(11, 17))
    assert steps == sorted(steps), steps  # in SOP order; the send-back repeats step 14 only
    assert order.state == O.COMPLETED
    page = customer.get(detail)
    assert page.status_code == 200 and "Selesai" in page.content.decode()
    timeline = page.content.decode().split("Linimasa", 1)[1]
    for step in range(4, 23):  # the customer's timeline names every step the order itself went through
        assert f"Langkah {step}:" in timeline, step
    mailed = {address for m in mail.outbox for address in m.to}
    for name in STAFF:  # each actor was told by email when work arrived for them
        assert u[name].email in mailed, name
    assert account.email in mailed
    for name, c in staff.items():  # every role can still read the finished order's page
        assert c.get(detail).status_code == 200, name

