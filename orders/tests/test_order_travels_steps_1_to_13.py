"""One order from a new customer's first visit to the analyst's inbox (SOP steps 1-13), over HTTP
as the demo accounts, checking at each step the state reached and the audit entry written."""
import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from accounts.roles import Role
from billing.models import Billing, BillingStatus, PaymentProof, ProofStatus
from catalog.models import InstrumentType
from demo.road import demo_thermometer, proof_upload
from core.tests.support import NIK, assert_audit, audit_of, bpn, messages_of, valid_npwp
from lab.models import Reception
from orders.models import Order
from workflow.states import AccountState as A
from workflow.states import InstrumentState as I
from workflow.states import OrderState as O

PASSWORD = "Timbangan#Presisi-2026"


def _register(client, capture):
    client.get("/accounts/register/")
    with capture(execute=True):
        response = client.post("/accounts/register/", {
            "full_name": "Sri Wahyuni", "email": "sri@ukurtepat.co.id", "phone": "0711-354120",
            "nik": NIK[:-1] + "4", "company_name": "PT Ukur Tepat Sumatera", "npwp": valid_npwp(7),
            "address": "Jl. Sudirman No. 9, Palembang",
            "password1": PASSWORD, "password2": PASSWORD, "consent": "on",
        })
    assert response.status_code == 200, response.context["form"].errors if response.context else response
    return User.objects.get(email="sri@ukurtepat.co.id")


def _line(n, itype, brand, serials, capacity, units=1):
    return {f"line-{n}-instrument_type": itype.pk, f"line-{n}-brand": brand, f"line-{n}-model": "X1",
            f"line-{n}-serial_numbers": serials, f"line-{n}-capacity": capacity, f"line-{n}-resolution": "0,1",
            f"line-{n}-points": "10, 50, 100", f"line-{n}-units": units, f"line-{n}-tolerance": ""}


@pytest.mark.django_db
def test_a_new_customer_order_reaches_the_analyst_through_steps_1_to_13(
        users, django_capture_on_commit_callbacks):
    staff = {name: Client() for name in ("admin", "cs", "ketua_pji", "bendahara", "penyelia", "penyelia2", "mt",
                                         "analis", "analis2")}
    for name, c in staff.items():
        c.force_login(users[name])

    # Steps 1-2: the visit and the registration.
    customer = Client()
    account = _register(customer, django_capture_on_commit_callbacks)
    assert account.state == A.AWAITING_ACTIVATION and not account.is_active
    visit = audit_of("account.visit", account=account)
    assert (visit.actor, visit.role, visit.step, visit.to_state) == (account, Role.PELANGGAN, 1, A.ON_WEBSITE)
    assert_audit("account.register", actor=account, role=Role.PELANGGAN, step=2, from_state=A.ON_WEBSITE,
                 to_state=A.AWAITING_ACTIVATION, account=account)
    assert account.company.npwp == "0" + valid_npwp(7)

    # The email link verifies the address; the account is not usable yet.
    to_customer = [m for m in mail.outbox if m.to == ["sri@ukurtepat.co.id"]]
    assert len(to_customer) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", to_customer[0].body).group(1)
    assert customer.get(link).status_code == 200
    account.refresh_from_db()
    assert account.email_verified
    refused = customer.post("/accounts/login/", {"username": "sri@ukurtepat.co.id", "password": PASSWORD})
    assert "_auth_user_id" not in customer.session
    assert "belum diaktifkan" in refused.content.decode()

    # Step 3: ADMIN sees the account in the inbox and activates it.
    assert f"/accounts/review/{account.pk}/" in staff["admin"].get("/workflow/inbox/ADMIN/").content.decode()
    assert staff["admin"].get(f"/accounts/review/{account.pk}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        staff["admin"].post(f"/accounts/review/{account.pk}/activate/")
    account.refresh_from_db()
    assert account.state == A.ACTIVE and account.is_active
    assert_audit("account.activate", actor=users["admin"], role=Role.ADMIN, step=3,
                 from_state=A.AWAITING_ACTIVATION, to_state=A.ACTIVE, account=account)

    # The customer logs in through the login form.
    response = customer.post("/accounts/login/", {"username": "sri@ukurtepat.co.id", "password": PASSWORD})
    assert response.status_code == 302 and customer.session["_auth_user_id"] == str(account.pk)

    # Step 4: the order form; two balances on one line (two serial numbers) and a thermometer.
    balance = InstrumentType.objects.get(name="Neraca analitik")
    thermo = demo_thermometer()
    assert customer.get("/orders/new/").status_code == 200
    data = {"line-TOTAL_FORMS": 2, "line-INITIAL_FORMS": 0, "line-MIN_NUM_FORMS": 1, "line-MAX_NUM_FORMS": 200,
            "notes": "Mohon cepat.", "submit": "1",
            **_line(0, balance, "Ohaus", "NA-01, NA-02", "220 g"), **_line(1, thermo, "Fluke", "TH-9", "0-100 °C", 3)}
    with django_capture_on_commit_callbacks(execute=True):
        response = customer.post("/orders/new/", data)
    order = Order.objects.get(company=account.company)
    assert response.status_code == 302 and response["Location"] == f"/orders/{order.pk}/"
    assert order.state == O.SUBMITTED and order.number is None
    assert sorted(order.instruments.values_list("serial_number", flat=True)) == ["NA-01", "NA-02", "TH-9"]
    assert_audit("order.submit", actor=account, role=Role.PELANGGAN, step=4, from_state=O.DRAFT,
                 to_state=O.SUBMITTED, order=order)
    catalogue_total = order.total_amount

    # Step 5: CS validates; the order number is made.
    with django_capture_on_commit_callbacks(execute=True):
        staff["cs"].post(f"/orders/{order.pk}/do/validate/", {"note": "Lengkap."})
    order.refresh_from_db()
    assert order.state == O.VALIDATED and re.fullmatch(r"ORD/\d{4}/\d{2}/\d{6}", order.number)
    assert_audit("order.validate", actor=users["cs"], role=Role.CS, step=5, from_state=O.SUBMITTED,
                 to_state=O.VALIDATED, order=order).data["number"] == order.number

    # Step 6: Ketua Tim PJI approves the tariff, correcting the thermometer line with a reason.
    th = order.instruments.get(serial_number="TH-9")
    post = {f"amount_{i.pk}": i.effective_amount for i in order.instruments.all()}
    post.update({f"amount_{th.pk}": th.amount - 50000, f"reason_{th.pk}": "Dua titik saja yang dapat dikalibrasi."})
    with django_capture_on_commit_callbacks(execute=True):
        staff["ketua_pji"].post(f"/orders/{order.pk}/tariff/", post)
    order.refresh_from_db()
    th.refresh_from_db()
    assert order.state == O.PRICED and th.corrected_amount == th.amount - 50000
    assert order.total_amount == catalogue_total - 50000
    entry = assert_audit("order.approve_tariff", actor=users["ketua_pji"], role=Role.KETUA_PJI, step=6,
                         from_state=O.VALIDATED, to_state=O.PRICED, order=order)
    assert entry.data["corrections"][0]["reason"] == "Dua titik saja yang dapat dikalibrasi."
    page = customer.get(f"/orders/{order.pk}/").content.decode()
    assert "Dua titik saja yang dapat dikalibrasi." in page

    # Step 7: the customer accepts the price.
    with django_capture_on_commit_callbacks(execute=True):
        customer.post(f"/orders/{order.pk}/do/accept-price/")
    order.refresh_from_db()
    assert order.state == O.BILLING_REQUESTED
    assert_audit("order.accept_price", actor=account, role=Role.PELANGGAN, step=7, from_state=O.PRICED,
                 to_state=O.BILLING_REQUESTED, order=order)

    # Step 8: the treasurer issues the e-billing for the approved total.
    with django_capture_on_commit_callbacks(execute=True):
        staff["bendahara"].post(f"/billing/order/{order.pk}/issue/")
    order.refresh_from_db()
    billing = Billing.objects.get(order=order)
    assert order.state == O.AWAITING_PAYMENT
    assert re.fullmatch(r"8\d{14}", billing.code) and billing.amount == order.total_amount
    assert_audit("order.issue_billing", actor=users["bendahara"], role=Role.BENDAHARA, step=8,
                 from_state=O.BILLING_REQUESTED, to_state=O.AWAITING_PAYMENT, order=order)
    assert billing.code in customer.get(f"/orders/{order.pk}/").content.decode()

    # Step 9: the customer uploads the proof of payment.
    with django_capture_on_commit_callbacks(execute=True):
        customer.post(f"/billing/order/{order.pk}/proof/", {"proof": proof_upload()})
    order.refresh_from_db()
    proof = PaymentProof.objects.get(order=order)
    assert order.state == O.PAYMENT_SUBMITTED and proof.status == ProofStatus.PENDING
    assert_audit("order.submit_payment", actor=account, role=Role.PELANGGAN, step=9,
                 from_state=O.AWAITING_PAYMENT, to_state=O.PAYMENT_SUBMITTED, order=order)
    assert staff["bendahara"].get(f"/billing/order/{order.pk}/proof/{proof.pk}/").status_code == 200

    # Step 10: the treasurer accepts it.
    with django_capture_on_commit_callbacks(execute=True):
        staff["bendahara"].post(f"/billing/order/{order.pk}/accept/", bpn("0B2E4A1C7F9D3E56"))
    order.refresh_from_db()
    billing.refresh_from_db()
    assert order.state == O.PAID and billing.status == BillingStatus.PAID and order.payments.count() == 1
    assert_audit("order.accept_payment", actor=users["bendahara"], role=Role.BENDAHARA, step=10,
                 from_state=O.PAYMENT_SUBMITTED, to_state=O.PAID, order=order)

    # Step 11: CS receives every instrument, choosing laboratory and supervisor.
    assert staff["cs"].get(f"/lab/order/{order.pk}/receive/").status_code == 200
    post = {"delivered_by": "Kurir"}
    for inst in order.instruments.all():
        supervisor = users["penyelia"] if inst.laboratory.code == "mass-volume" else users["penyelia2"]
        post.update({f"i{inst.pk}-accepted": "1", f"i{inst.pk}-condition": "Baik", f"i{inst.pk}-accessories": "Kotak",
                     f"i{inst.pk}-laboratory": inst.laboratory_id, f"i{inst.pk}-supervisor": supervisor.pk,
                     f"i{inst.pk}-reason": ""})
    with django_capture_on_commit_callbacks(execute=True):
        response = staff["cs"].post(f"/lab/order/{order.pk}/receive/", post)
    assert response.status_code == 302, messages_of(response)
    order.refresh_from_db()
    reception = Reception.objects.get(order=order)
    assert order.state == O.IN_LAB and reception.delivered_by == "Kurir"
    assert_audit("order.receive", actor=users["cs"], role=Role.CS, step=11, from_state=O.PAID,
                 to_state=O.IN_LAB, order=order)
    instruments = list(order.instruments.all())
    assert len({i.sample_id for i in instruments}) == 3
    for inst in instruments:
        assert inst.state == I.RECEIVED and re.fullmatch(r"SMP-\d{4}-\d{6}", inst.sample_id)
        assert inst.parameters.exists()
        assert_audit("instrument.receive", actor=users["cs"], role=Role.CS, step=11,
                     from_state=I.AWAITING_RECEPTION, to_state=I.RECEIVED, instrument=inst)
    for url in (f"/lab/order/{order.pk}/receipt.pdf", f"/lab/order/{order.pk}/labels.pdf"):
        response = staff["cs"].get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(b"%PDF")
    assert customer.get(f"/lab/order/{order.pk}/receipt.pdf")["Content-Type"] == "application/pdf"

    # Step 12: each laboratory's supervisor picks analysts per parameter.
    for inst in instruments:
        mass = inst.laboratory.code == "mass-volume"
        supervisor, analyst = ("penyelia", "analis") if mass else ("penyelia2", "analis2")
        assert staff[supervisor].get(f"/lab/instrument/{inst.pk}/assign/").status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = staff[supervisor].post(f"/lab/instrument/{inst.pk}/assign/", {
                f"analyst_{p.pk}": users[analyst].pk for p in inst.parameters.all()})
        assert response.status_code == 302, messages_of(response)
        inst.refresh_from_db()
        assert inst.state == I.ASSIGNED
        assert set(inst.parameters.values_list("analyst", flat=True)) == {users[analyst].pk}
        assert_audit("instrument.assign", actor=users[supervisor], role=Role.PENYELIA, step=12,
                     from_state=I.RECEIVED, to_state=I.ASSIGNED, instrument=inst)

    # Step 13: MT validates; each instrument is in calibration and waits in its analyst's inbox.
    for inst in instruments:
        with django_capture_on_commit_callbacks(execute=True):
            staff["mt"].post(f"/lab/instrument/{inst.pk}/approve/")
        inst.refresh_from_db()
        assert inst.state == I.IN_CALIBRATION
        assert_audit("instrument.approve_assignment", actor=users["mt"], role=Role.MT, step=13,
                     from_state=I.ASSIGNED, to_state=I.IN_CALIBRATION, instrument=inst)
    mass_inbox = staff["analis"].get("/workflow/inbox/ANALIS/").content.decode()
    temp_inbox = staff["analis2"].get("/workflow/inbox/ANALIS/").content.decode()
    for inst in instruments:
        mine, other = (mass_inbox, temp_inbox) if inst.laboratory.code == "mass-volume" else (temp_inbox, mass_inbox)
        assert inst.sample_id in mine and inst.sample_id not in other
    order.refresh_from_db()
    assert order.state == O.IN_LAB
