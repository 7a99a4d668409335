"""The customer's own identification of an instrument (asset or tag number): given when ordering, shown on
the order page and the E-LHU, written in the DCC as an identification issued by the customer."""
import pytest
from django.urls import reverse
from lxml import etree

from catalog.models import InstrumentType
from certificates import dcc
from certificates.content import render_report
from certificates.tests.conftest import pdf_text
from demo.road import demo_lines, drive
from orders.forms import InstrumentLineForm
from orders.services import save_draft

NS = {"dcc": dcc.DCC_NS}


def _form(serials, ident):
    balance = InstrumentType.objects.filter(name="Neraca analitik").first()
    return InstrumentLineForm({"instrument_type": balance.pk, "brand": "Mettler", "serial_numbers": serials,
                               "capacity": "220 g", "units": 1, "customer_identification": ident})


def test_one_identification_per_serial_number(users):
    form = _form("S1, S2", "TB-07, TB-08")
    assert form.is_valid(), form.errors
    assert [line.customer_identification for line in form.lines()] == ["TB-07", "TB-08"]
    single = _form("S1", "TB-07 / aset 12, gedung B")
    assert single.is_valid() and single.lines()[0].customer_identification == "TB-07 / aset 12, gedung B"
    none = _form("S1, S2", "")
    assert none.is_valid() and [line.customer_identification for line in none.lines()] == ["", ""]


def test_a_count_that_does_not_match_the_serial_numbers_is_refused_beside_the_field(users):
    form = _form("S1, S2, S3", "TB-07, TB-08")
    assert not form.is_valid()
    assert form.errors["customer_identification"] == ["Tulis 3 identifikasi dipisah koma, satu per nomor seri."]


@pytest.fixture
def identified(users):
    lines = demo_lines(count_mass=1, count_temp=0)
    lines[0].customer_identification = "TB-07 / aset 1234"
    return drive(users, save_draft(users["pelanggan"], lines), "NUMBERED")


def test_the_order_page_the_pdf_and_the_dcc_show_it(identified, login, tmp_path):
    inst = identified.instruments.get()
    assert inst.customer_identification == "TB-07 / aset 1234"
    page = login(identified.created_by).get(reverse("orders:detail", args=[identified.pk])).content.decode()
    assert "TB-07 / aset 1234" in page
    report = identified.reports.get()
    assert "TB-07 / aset 1234" in " ".join(pdf_text(render_report(report, draft=True), tmp_path).split())
    doc = etree.fromstring(dcc.dcc_xml(report))
    idents = {i.findtext("dcc:issuer", namespaces=NS): i.findtext("dcc:value", namespaces=NS)
              for i in doc.iterfind(".//dcc:item/dcc:identifications/dcc:identification", NS)}
    assert idents["customer"] == "TB-07 / aset 1234"
