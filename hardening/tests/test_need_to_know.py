"""Need to know between laboratories: on an order with instruments in two laboratories, each
laboratory's supervisor and analyst see the order's number, company and dates and only their own
laboratory's instruments, results, reports and audit entries — no prices, billings, payment proofs,
NTPNs, refunds or whole-order documents — in pages, the audit viewer, exports and the API."""
import pytest
import re

from django.urls import reverse

from api.models import ApiToken
from billing.models import Payment


@pytest.fixture
def mixed(order_at, users):
    """A signed order with two balances (mass laboratory) and a thermometer (temperature laboratory)."""
    order = order_at("SIGNED")
    mass = [i for i in order.instruments.all() if i.laboratory_id == users["penyelia"].laboratory_id]
    temp = [i for i in order.instruments.all() if i.laboratory_id == users["penyelia2"].laboratory_id]
    assert mass and temp
    return order, mass, temp


# An amount as a reader sees it ("Rp 1.250.000", "Rp\xa01,250,000"); a bare "Rp" also turns up in random
# tokens (the CSRF token), so the test looks for the currency followed by a figure.
MONEY = re.compile(r"Rp[\s\xa0]*\d")


def _report_of(order, instrument):
    return order.reports.get(instrument=instrument)


@pytest.mark.django_db
def test_a_supervisor_downloads_only_their_own_laboratorys_reports(mixed, users, login):
    order, mass, temp = mixed
    theirs, own = _report_of(order, mass[0]), _report_of(order, temp[0])
    client = login(users["penyelia2"])
    assert client.get(reverse("certificates:download", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("certificates:download", args=[own.pk])).status_code == 200
    client = login(users["analis"])
    assert client.get(reverse("certificates:download", args=[own.pk])).status_code == 404
    # The centre-wide roles keep what their steps need.
    assert login(users["mt"]).get(reverse("certificates:download", args=[theirs.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["penyelia", "analis", "penyelia2", "analis2"])
def test_laboratory_staff_open_no_money_document_of_the_order(mixed, users, login, who):
    order, _mass, _temp = mixed
    billing = order.billings.order_by("-pk").first()
    payment = Payment.objects.filter(order=order).first()
    proof = order.payment_proofs.order_by("-pk").first()
    urls = [reverse("billing:billing_pdf", args=[billing.pk]), reverse("billing:receipt_pdf", args=[payment.pk]),
            reverse("billing:payment_status", args=[order.pk]), reverse("lab:receipt_pdf", args=[order.pk]),
            reverse("quotations:pdf", args=[order.pk])]
    if proof is not None:
        urls.append(reverse("billing:proof_file", args=[order.pk, proof.pk]))
    client = login(users[who])
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in urls[:2]:  # the treasurer and the customer still get them
        assert login(users["bendahara"]).get(url).status_code == 200
        assert login(users["pelanggan"]).get(url).status_code == 200


@pytest.mark.django_db
def test_the_order_page_shows_a_laboratory_its_own_part_and_no_money(mixed, users, login):
    order, mass, temp = mixed
    billing = order.billings.order_by("-pk").first()
    payment = Payment.objects.filter(order=order).first()
    page = login(users["penyelia2"]).get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert order.number in page and order.company.name in page
    assert temp[0].serial_number in page
    assert all(i.serial_number not in page for i in mass)
    assert not MONEY.search(page) and billing.code not in page
    assert not payment.ntpn or payment.ntpn not in page
    assert _report_of(order, mass[0]).number not in page and _report_of(order, temp[0]).number in page
    # The timeline keeps the laboratory's own steps and none of the price or payment steps.
    assert "Menyetujui tarif" not in page and "Membuat e-billing" not in page
    # The customer and CS see the whole order with its price.
    for who in ("pelanggan", "cs"):
        whole = login(users[who]).get(reverse("orders:detail", args=[order.pk])).content.decode()
        assert all(i.serial_number in whole for i in mass + temp) and MONEY.search(whole)


@pytest.mark.django_db
def test_the_api_gives_laboratory_staff_no_prices_billings_or_other_laboratories(mixed, users, client):
    order, mass, temp = mixed
    _token, secret = ApiToken.issue(users["analis2"], "uji", ["read"])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    detail = client.get(f"/api/orders/{order.pk}", **headers).json()
    assert detail["total_amount"] is None
    assert {i["id"] for i in detail["instruments"]} == {i.pk for i in temp}
    assert all(i["amount"] is None for i in detail["instruments"])
    listed = client.get("/api/orders", **headers).json()
    assert all(o["total_amount"] is None for o in listed["items"])
    assert client.get(f"/api/orders/{order.pk}/billings", **headers).status_code == 404
    assert client.get(f"/api/orders/{order.pk}/quotations", **headers).status_code == 404
    reports = client.get(f"/api/orders/{order.pk}/reports", **headers).json()
    assert {r["number"] for r in reports} == {_report_of(order, temp[0]).number}
    _token, secret = ApiToken.issue(users["pelanggan"], "uji", ["read"])
    whole = client.get(f"/api/orders/{order.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert whole["total_amount"] > 0 and len(whole["instruments"]) == len(mass) + len(temp)


@pytest.mark.django_db
def test_a_supervisors_order_register_and_audit_log_carry_no_money(mixed, users, login):
    from management.access import report_scope
    from management.registers import REGISTERS

    order, mass, temp = mixed
    scope = report_scope(users["penyelia2"])
    register = REGISTERS["order_register"]
    headers = [str(c.label) if hasattr(c, "label") else str(c) for c in register.columns(scope)]
    assert not any("Jumlah" in h or "NTPN" in h for h in headers)
    rows = list(register.rows(scope, {}))
    mine = [r for r in rows if r[0] == order.number]
    assert mine and len(mine[0]) == len(headers)
    assert mass[0].instrument_type.name not in mine[0][2] or mass[0].instrument_type == temp[0].instrument_type
    assert _report_of(order, mass[0]).number not in (mine[0][-1] or "")
    page = login(users["penyelia2"]).get(reverse("management:audit_log")).content.decode()
    assert "Menyetujui tarif" not in page and "Membuat e-billing" not in page
