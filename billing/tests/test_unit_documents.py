"""A document names the unit of its order: the e-billing, the receipt and the quotation of a Makassar
order carry BSPJI Makassar's name and address on their letterhead, not the installation's, and their times in
WITA."""
import pytest

from demo.units import seed_units
from orders.models import Order
from units.models import Unit


@pytest.fixture
def drawn(monkeypatch):
    """The HTML each PDF would be drawn from."""
    pages = []
    monkeypatch.setattr("core.pdf.html_to_pdf", lambda html, **kwargs: pages.append(html) or b"%PDF-1.4")
    return pages


@pytest.mark.django_db
def test_the_billing_receipt_and_quotation_of_a_makassar_order_carry_its_letterhead(users, order_at, login, drawn):
    from demo.steps import accept_payment

    staff = seed_units()
    makassar = Unit.objects.get(code="bspji-makassar")
    order = order_at("PAYMENT_SUBMITTED")
    Order.objects.filter(pk=order.pk).update(unit=makassar)
    order.refresh_from_db()
    accept_payment({**users, "bendahara": staff["bendahara_mks"]}, order)
    client = login(users["pelanggan"])
    billing, payment = order.billings.get(), order.payments.get()
    for url in (f"/billing/billing/{billing.pk}.pdf", f"/billing/payment/{payment.pk}/receipt.pdf",
                f"/quotations/order/{order.pk}/quotation.pdf"):
        assert client.get(url).status_code == 200, url
    assert len(drawn) == 3
    for html in drawn[:2]:
        assert makassar.name in html and makassar.address in html and "Palembang" not in html
    assert makassar.short_name in drawn[2]
    for html in drawn:  # its times in Makassar's zone, named as such, whoever downloads it
        assert "WITA" in html and "WIB" not in html


@pytest.mark.django_db
def test_a_document_of_the_installations_unit_keeps_its_letterhead(users, order_at, login, drawn):
    order = order_at("AWAITING_PAYMENT")
    assert login(users["pelanggan"]).get(f"/billing/billing/{order.billings.get().pk}.pdf").status_code == 200
    assert order.unit.name in drawn[0] and order.unit.address in drawn[0]
