"""Issue #19's acceptance on a real signed demo E-LHU (the demo road's report, signed at step 19 with the
demo key): what pdfsig and pyHanko say of it, the embedded DCC against the downloadable one, one changed
byte of the embedded XML caught by pdfsig and POST /api/verify, an uploaded DCC found by its SHA-256, and
the download serving the newest archival revision."""
import io
import re
import shutil
import subprocess
import zlib

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from certificates import dcc, dcc_issue, ltv, services
from certificates.demo import demo_ca_certificate_der
from certificates.models import ReportRevision
from certificates.tests.test_ltv import no_network  # noqa: F401 -- a fixture
from survey import services as survey_services
from survey.models import ELEMENT_FIELDS

VERIFY_API = "/api/verify"
# What pdfsig prints on the validation line of a PAdES document timestamp (SubFilter ETSI.RFC3161). Poppler
# up to 26.04 validates adbe.pkcs7.* and ETSI.CAdES.detached only (FormFieldSignature: any other SubFilter is
# "Unable to validate this type of signature" on stderr); Debian 12 has 22.12. A poppler that validates
# document timestamps would print "Signature is Valid."; anything else is a failure.
TIMESTAMP_NOT_VERIFIED = "  - Signature Validation: Signature has not yet been verified."
TIMESTAMP_VALID = "  - Signature Validation: Signature is Valid."


@pytest.fixture
def elhu(users, small_order_at, settings):
    """A signed demo E-LHU: (report, signed PDF bytes, kept DCC bytes)."""
    settings.VERIFY_UPLOADS_PER_MINUTE = 100
    report = small_order_at("SIGNED").reports.get()
    with report.dcc_xml.open("rb") as fh:
        kept = fh.read()
    return report, services.signed_content(report), kept


def pdfsig(content: bytes, tmp_path) -> tuple[str, str]:
    """(the signature's part, the document timestamp's part) of pdfsig's report on `content`."""
    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig (poppler-utils) is not installed; .ci/run installs it")
    path = tmp_path / "e-lhu.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout
    first, _, second = out.partition("Signature #2:")
    return first, second


def verify_api(content: bytes, name="E-LHU.pdf") -> dict:
    response = Client().post(VERIFY_API, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200, response.content
    return response.json()


# --- a signed demo E-LHU --------------------------------------------------------------------------------

def test_pdfsig_calls_the_signature_valid_and_prints_the_document_timestamps_line(elhu, tmp_path):
    report, pdf, _kept = elhu
    first, second = pdfsig(pdf, tmp_path)
    assert "Signature #1:" in first and "ETSI.CAdES.detached" in first
    assert "  - Signature Validation: Signature is Valid." in first.splitlines()
    # the document timestamp (B-LTA) is listed, by the demo TSA, over the whole file
    assert "Signer Certificate Common Name: SIPPT Demo TSA" in second
    assert "Signature #3:" not in second
    [validation] = [line for line in second.splitlines() if "Signature Validation:" in line]
    assert validation in (TIMESTAMP_NOT_VERIFIED, TIMESTAMP_VALID)


def test_pyhanko_with_only_the_demo_ca_finds_it_intact_trusted_and_ltv_enabled(elhu, no_network):  # noqa: F811
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _report, pdf, kept = elhu
    reader = PdfFileReader(io.BytesIO(pdf))
    [signature] = reader.embedded_regular_signatures
    assert len(reader.embedded_timestamp_signatures) == 1  # the document timestamp
    ca = x509.Certificate.load(demo_ca_certificate_der())
    # intact and trusted, with the demo CA as the only root and no fetching
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[ca], allow_fetching=False))
    assert status.intact and status.valid and status.trusted and status.bottom_line
    # LTV-enabled: pyHanko's AdES long-term (B-LTA) validation passes on the file's own DSS alone, offline
    assert ltv.signature_level(pdf) == ltv.B_LTA
    found = ltv.check_long_term(pdf)
    assert found.passed and found.indication == "OK" and found.oldest_archive_time is not None

    # the embedded file, extracted with pikepdf, is the downloadable DCC byte for byte, and validates
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        [spec] = doc.Root.AF
        assert spec.AFRelationship == "/Data"
        embedded = spec.EF.F.read_bytes()
    assert embedded == kept
    dcc.validate(embedded)


# --- one changed byte of the embedded XML ---------------------------------------------------------------

def _embedded_stream(pdf: bytes) -> tuple[int, bytes, bytes]:
    """(offset in the file, raw stream data, decoded XML) of the embedded DCC."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        stream = doc.Root.AF[0].EF.F
        raw, xml = stream.read_raw_bytes(), stream.read_bytes()
        assert stream.get("/Filter") == "/FlateDecode"  # compressed: the XML is not in the file as text
    assert pdf.count(raw) == 1
    return pdf.index(raw), raw, xml


def _xml_changed_in_place(pdf: bytes, raw: bytes, xml: bytes) -> tuple[bytes, bytes]:
    """The PDF whose embedded XML has one byte changed (a digit of a measured value), compressed again to
    exactly the stream's length so that nothing else in the file moves; and that XML."""
    assert zlib.compress(xml, 9) == raw  # WeasyPrint's compression, reproducible
    at = pdf.index(raw)
    for value in re.finditer(rb"<si:value>(-?\d)", xml):
        for digit in b"0123456789":
            position = value.start(1) + (1 if value.group(1).startswith(b"-") else 0)
            if digit == xml[position]:
                continue
            changed = xml[:position] + bytes([digit]) + xml[position + 1:]
            packed = zlib.compress(changed, 9)
            if len(packed) == len(raw):
                return pdf[:at] + packed + pdf[at + len(raw):], changed
    pytest.fail("no one-digit change compresses to the same length")


def test_a_changed_byte_of_the_embedded_xml_is_caught_by_pdfsig_and_the_verify_api(elhu, tmp_path):
    report, pdf, kept = elhu
    at, raw, xml = _embedded_stream(pdf)
    first_range_end = int(re.search(rb"/ByteRange\s*\[\s*0\s+(\d+)", pdf).group(1))
    assert at + len(raw) < first_range_end  # the stream lies inside what the head's signature covers

    # 1. one byte of the XML itself: the PDF still opens and carries a DCC differing in that byte only
    tampered, changed_xml = _xml_changed_in_place(pdf, raw, xml)
    assert len(tampered) == len(pdf)
    assert dcc_issue.embedded_dcc(tampered) == changed_xml != kept
    assert sum(a != b for a, b in zip(changed_xml, kept)) == 1
    # 2. one byte of the compressed data as stored in the file
    flipped = bytearray(pdf)
    flipped[at + len(raw) // 2] ^= 0x01
    flipped = bytes(flipped)

    for content in (tampered, flipped):
        first, _second = pdfsig(content, tmp_path)
        assert "Signature #1:" in first
        assert "Signature is Valid." not in first  # pdfsig: "Digest Mismatch."
        body = verify_api(content)
        assert not body["valid"] and body["verdict"] == "altered" and not body["identical"]
        assert not body["signature"]["intact"] and body["report"] is None

    # the changed DCC alone: not one issued here, its own XML signature broken
    body = verify_api(changed_xml, name="x.dcc.xml")
    assert body["kind"] == "xml" and not body["valid"] and body["report"] is None
    assert body["signature"]["found"] and not body["signature"]["valid"]


# --- an uploaded DCC is found by its SHA-256 --------------------------------------------------------------

def test_the_verify_api_and_page_find_an_uploaded_dcc_by_its_digest(elhu, users, order_at):
    report, _pdf, kept = elhu
    assert report.dcc_sha256 == services.sha256_of(kept)

    body = verify_api(kept, name="x.dcc.xml")
    assert body["valid"] and body["verdict"] == "identical" and body["kind"] == "xml"
    assert body["report"]["number"] == report.number and body["sha256"] == report.dcc_sha256
    assert body["signature"]["found"] and body["signature"]["valid"] and body["signature"]["trusted"]

    page = Client().post(reverse("certificates:verify", args=[report.token]),
                         {"pdf": SimpleUploadedFile("x.dcc.xml", kept, content_type="application/xml")})
    assert 'data-verdict="identical"' in page.content.decode() and "Berkas identik" in page.content.decode()

    # the same DCC with its report number altered (to one issued, or one that does not exist) is none of ours
    other = type(report).objects.exclude(pk=report.pk).first() or report
    for number in (other.number, "9999/LHU/BSPJI/XII/2026"):
        altered = kept.replace(f">{report.number}<".encode(), f">{number}<".encode())
        if altered == kept:
            continue
        assert altered != kept
        body = verify_api(altered, name="x.dcc.xml")
        assert not body["valid"] and body["verdict"] in ("altered", "dcc_not_issued") and body["report"] is None
        assert not body["signature"]["valid"]  # the XML signature covers the number
    page = Client().post(reverse("certificates:verify", args=[report.token]),
                         {"pdf": SimpleUploadedFile("x.dcc.xml", kept.replace(b"<si:value>", b"<si:value> ", 1),
                                                    content_type="application/xml")})
    assert 'data-verdict="dcc_not_issued"' in page.content.decode()


# --- the download serves the newest revision ----------------------------------------------------------

def test_the_customer_downloads_the_newest_archival_revision(users, small_order_at, login, settings):
    settings.VERIFY_UPLOADS_PER_MINUTE = 100
    order = small_order_at("FORWARDED")
    report = order.reports.get()
    survey_services.fill_survey(order.created_by, order.pk, {f: 4 for f in ELEMENT_FIELDS})
    client = login(order.created_by)
    url = reverse("certificates:download", args=[report.pk])
    original = services.signed_content(report)
    assert client.get(url).content == original  # no archival timestamp yet: the signed PDF

    call_command("archive_timestamps", "--all", stdout=io.StringIO())
    newest = ReportRevision.objects.get(report=report, number=1)
    with newest.pdf.open("rb") as fh:
        renewed = fh.read()
    downloaded = client.get(url)
    assert downloaded.status_code == 200 and downloaded.content == renewed != original
    assert services.signed_content(report) == original  # revision 0 stays as signed
    body = verify_api(downloaded.content)
    assert body["valid"] and body["revision"] == 1 and body["report"]["number"] == report.number
    # the DCC inside is unchanged by the archival timestamp, so its download still checks out
    assert client.get(reverse("certificates:download_dcc", args=[report.pk])).status_code == 200

    # a revision whose file no longer matches its SHA-256 is refused, never served
    type(newest).objects.filter(pk=newest.pk).update(sha256="0" * 64)
    refused = client.get(url)
    assert refused.status_code == 302


# --- the key of the XML signature --------------------------------------------------------------------------

def test_the_open_local_signer_gives_its_key_and_certificate_and_a_remote_one_none(users):
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from certificates.demo import DEMO_PASSPHRASE, ensure_demo_keys
    from certificates.signers import BsreOpenSigner

    ensure_demo_keys()
    opened = services.unlock_signer(users["kepala_balai"], DEMO_PASSPHRASE)
    key, cert = opened.key_and_certificate()
    assert (key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
            == cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo))
    shared_key, same_cert = dcc_issue.key_material(opened)
    assert shared_key is key and same_cert == cert  # the parsed key is shared, parsed once per opened key
    assert dcc_issue.key_material(BsreOpenSigner("3171000000000001", "x")) is None


# --- corrections and revocations ---------------------------------------------------------------------------

def test_a_correction_names_the_replaced_dcc_and_a_revocation_issues_none(users, small_order_at, settings):
    from lxml import etree

    from certificates import amendments
    from certificates.demo import DEMO_PASSPHRASE
    from certificates.models import ChangeKind, Report, ReportStatus

    settings.VERIFY_UPLOADS_PER_MINUTE = 100
    old = small_order_at("FORWARDED").reports.get()
    with old.dcc_xml.open("rb") as fh:
        old_dcc = fh.read()
    change = amendments.request_change(users["cs"], old.pk, ChangeKind.AMENDMENT, "Alamat pelanggan salah ketik.")
    amendments.approve_change(users["ketua_pji"], change.pk, "")
    new = amendments.sign_amendment(users["kepala_balai"], change.pk, DEMO_PASSPHRASE)
    with new.dcc_xml.open("rb") as fh:
        new_dcc = fh.read()
    dcc.validate(new_dcc)
    assert dcc_issue.embedded_dcc(services.signed_content(new)) == new_dcc
    core = etree.fromstring(new_dcc).find("dcc:administrativeData/dcc:coreData", {"dcc": dcc.DCC_NS})
    ns = {"dcc": dcc.DCC_NS}
    assert core.findtext("dcc:uniqueIdentifier", namespaces=ns) == new.number
    assert core.findtext("dcc:reportAmendedSubstituted/dcc:typeOfChange", namespaces=ns) == "substituted"
    assert core.findtext("dcc:reportAmendedSubstituted/dcc:replacedUniqueIdentifier", namespaces=ns) == old.number
    body = verify_api(old_dcc, name="old.dcc.xml")  # the replaced DCC: still ours, but superseded
    assert body["identical"] and body["report"]["state"] == "superseded"
    assert body["report"]["replaced_by"] == new.number

    count, kept = Report.objects.count(), new.dcc_sha256
    revoke = amendments.request_change(users["cs"], new.pk, ChangeKind.REVOCATION, "Alat tertukar saat diterima.")
    amendments.approve_change(users["ketua_pji"], revoke.pk, "")
    new.refresh_from_db()
    assert new.status == ReportStatus.REVOKED
    assert Report.objects.count() == count and new.dcc_sha256 == kept  # no new report, no new DCC
    assert verify_api(new_dcc, name="new.dcc.xml")["report"]["state"] == "revoked"


def test_the_migration_fills_in_the_digest_of_a_dcc_kept_before(elhu):
    import importlib

    from django.apps import apps

    report, _pdf, kept = elhu
    type(report).objects.filter(pk=report.pk).update(dcc_sha256="")
    importlib.import_module("certificates.migrations.0009_report_dcc_sha256").fill(apps, None)
    report.refresh_from_db()
    assert report.dcc_sha256 == services.sha256_of(kept)
    assert verify_api(kept, name="x.dcc.xml")["valid"]
