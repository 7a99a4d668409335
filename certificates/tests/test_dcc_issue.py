"""The DCC in the report's life: refused numbering when it does not validate (step 17), embedded in the
PDF/A-3b before the one PAdES signature (step 19) with its own enveloped XML signature, kept beside the
signed PDF, and downloaded after the survey from the order page and the API."""
import io

import pikepdf
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from certificates import dcc, dcc_issue, services, signing
from certificates.demo import DEMO_PASSPHRASE
from certificates.models import Report
from survey import services as survey_services
from survey.models import ELEMENT_FIELDS
from workflow.engine import TransitionNotAllowed
from workflow.states import OrderState

NS = {"dcc": dcc.DCC_NS, "si": dcc.SI_NS, "ds": dcc_issue.DS_NS}


def signer_certificate(user):
    from cryptography import x509

    return x509.load_der_x509_certificate(signing.load_signer(user, DEMO_PASSPHRASE).signing_cert.dump())


def c14n(xml: bytes, drop_signature=False) -> bytes:
    root = etree.fromstring(xml)
    if drop_signature:
        for sig in root.findall("ds:Signature", NS):
            root.remove(sig)
    return etree.tostring(root, method="c14n")


@pytest.fixture
def signed(users, small_order_at):
    """A report signed at step 19 on the demo road (local signer, demo key)."""
    order = small_order_at("SIGNED")
    return order, order.reports.get()


# --- step 17 ------------------------------------------------------------------------------------------

def test_numbering_is_refused_with_the_schemas_message_and_nothing_is_kept(users, small_order_at, monkeypatch):
    order = small_order_at("RESULTS_READY")
    real_real = dcc._real

    def without_k(value, unit, **kwargs):  # every U written without its coverage factor
        element = real_real(value, unit, **kwargs)
        for factor in element.findall(".//si:coverageFactor", NS):
            factor.getparent().remove(factor)
        return element

    monkeypatch.setattr(dcc, "_real", without_k)
    with pytest.raises(TransitionNotAllowed) as caught:
        services.number_reports(users["ketua_pji"], order.pk)
    assert "tidak valid" in caught.value.message
    assert "Expected is ( {https://ptb.de/si}coverageFactor )" in caught.value.message
    order.refresh_from_db()
    assert order.state == OrderState.RESULTS_READY
    assert not Report.objects.filter(order=order).exists()


# --- step 19: one PDF/A-3b, one signature over the PDF and its DCC ----------------------------------------

def _fonts(pdf):
    for page in pdf.pages:
        for font in (page.Resources.get("/Font") or {}).values():
            yield font


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are content streams of the font itself
    descriptor_of = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
    descriptor = descriptor_of.get("/FontDescriptor")
    return descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_signed_report_is_pdfa3b_with_its_dcc_as_associated_file_under_one_valid_signature(signed, users):
    order, report = signed
    with report.signed_pdf.open("rb") as fh:
        content = fh.read()
    with report.dcc_xml.open("rb") as fh:
        kept = fh.read()
    with pikepdf.open(io.BytesIO(content)) as pdf:
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "B")
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and "sRGB" in str(intent.OutputConditionIdentifier)
        assert "/DestOutputProfile" in intent
        fonts = list(_fonts(pdf))
        assert fonts and all(_embedded(f) for f in fonts)
        [spec] = pdf.Root.AF
        assert spec.AFRelationship == "/Data"
        assert str(spec.UF) == report.number.replace("/", "-") + ".dcc.xml"
        assert spec.EF.F.Subtype == "/application/xml"
        inside = spec.EF.F.read_bytes()
    assert inside == kept  # the downloadable DCC is the embedded one, byte for byte
    dcc.validate(inside)
    report.refresh_from_db()
    expected = dcc.dcc_xml(report, issued_on=timezone.localdate(report.signed_at), signer=report.signer)
    assert c14n(inside, drop_signature=True) == c14n(expected)  # what dcc_xml gives, plus ds:Signature
    check = signing.check_signature(content)
    assert check.ok and check.trusted


def test_the_dcc_carries_an_enveloped_xml_signature_of_the_head_that_one_character_breaks(signed, users):
    from signxml.exceptions import InvalidSignature

    _, report = signed
    with report.dcc_xml.open("rb") as fh:
        xml = fh.read()
    root = etree.fromstring(xml)
    assert etree.QName(root[-1]).localname == "Signature" and root[-1].nsmap[root[-1].prefix] == dcc_issue.DS_NS
    cert = signer_certificate(users["kepala_balai"])
    dcc_issue.verify_xml(xml, cert)
    number = report.number.encode()
    tampered = xml.replace(number, number[:-1] + (b"7" if not number.endswith(b"7") else b"8"), 1)
    assert tampered != xml
    with pytest.raises(InvalidSignature):
        dcc_issue.verify_xml(tampered, cert)


def test_a_remote_signer_without_local_key_gets_the_dcc_without_xml_signature(users, small_order_at):
    report = small_order_at("NUMBERED").reports.get()

    class RemoteSigner:  # as BsreOpenSigner: it signs PDFs elsewhere and holds no key here
        def sign(self, pdf, **kwargs):
            return pdf

    xml = dcc_issue.issued_dcc(report, RemoteSigner(), timezone.localdate(), users["kepala_balai"])
    dcc.validate(xml)
    assert not dcc_issue.has_xml_signature(xml)
    assert etree.fromstring(xml).findtext("dcc:administrativeData/dcc:coreData/dcc:issueDate", namespaces=NS)


def test_a_draft_carries_no_dcc(users, small_order_at):
    from certificates.content import render_report

    report = small_order_at("NUMBERED").reports.get()
    with pikepdf.open(io.BytesIO(render_report(report, draft=True))) as pdf:
        assert "/AF" not in pdf.Root and not pdf.attachments


# --- downloads ------------------------------------------------------------------------------------------

def _surveyed(order):
    survey_services.fill_survey(order.created_by, order.pk, {f: 4 for f in ELEMENT_FIELDS})
    order.refresh_from_db()
    return order


@pytest.fixture
def forwarded(small_order_at):
    order = small_order_at("FORWARDED")
    return order, order.reports.get()


def test_the_customer_downloads_the_dcc_from_the_order_page_after_the_survey(forwarded, login):
    order, report = forwarded
    client = login(order.created_by)
    url = reverse("certificates:download_dcc", args=[report.pk])
    before = client.get(url)
    assert before.status_code == 302 and before["Location"] == f"/survey/order/{order.pk}/"

    _surveyed(order)
    page = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    name = report.number.replace("/", "-") + ".dcc.xml"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    with report.dcc_xml.open("rb") as fh:
        assert response.content == fh.read()


def test_another_company_gets_404_for_the_dcc(forwarded, users, login):
    order, report = forwarded
    _surveyed(order)
    assert login(users["pelanggan2"]).get(reverse("certificates:download_dcc", args=[report.pk])).status_code == 404


def test_a_kept_dcc_that_differs_from_the_signed_pdfs_is_refused(forwarded, login):
    order, report = forwarded
    _surveyed(order)
    with report.dcc_xml.open("wb") as fh:
        fh.write(b"<changed/>")
    response = login(order.created_by).get(reverse("certificates:download_dcc", args=[report.pk]))
    assert response.status_code == 302
