"""POST /api/verify: anonymous, limited per address, answers JSON in the reader's language; bad input is a
clear 4xx, never a 500. One B-LTA PDF for the module, stored as an issued report in each test."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from certificates import services
from certificates.models import ReportStatus
from certificates.tests.test_ltv import blank_pdf, demo_signer, sign_lta

URL = "/api/verify"


@pytest.fixture(scope="module")
def signed_pdf():
    return sign_lta(demo_signer("Kepala Balai Uji"))


@pytest.fixture
def issued(users, asked_to_sign, signed_pdf, settings):
    """A report issued with `signed_pdf` as its signed file."""
    from django.db import transaction

    settings.VERIFY_UPLOADS_PER_MINUTE = 100
    order, [report] = asked_to_sign(1)
    with transaction.atomic():
        services.store_signed(report, users["kepala_balai"], signed_pdf, "Kepala Balai", timezone.now(), [])
    return report


def post(content: bytes, name="E-LHU.pdf", **headers):
    return Client().post(URL, {"file": SimpleUploadedFile(name, content)}, **headers)


def test_an_issued_pdf_is_valid_current_and_b_lta(issued, signed_pdf):
    response = post(signed_pdf)
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] and body["verdict"] == "identical" and body["identical"] and body["revision"] == 0
    assert body["report"]["number"] == issued.number and body["report"]["state"] == "current"
    assert body["report"]["signer"] == issued.signer.full_name and body["report"]["issued_on"]
    assert body["signature"] == {"found": True, "intact": True, "valid": True, "trusted": True, "checked": True,
                                 "signer": "Kepala Balai Uji", "level": "B-LTA"}
    assert "sama persis" in body["message"]
    assert "customer" not in str(body) and issued.order.company.name not in str(body)


def test_the_answer_follows_accept_language(issued, signed_pdf):
    body = post(signed_pdf, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9,id;q=0.5").json()
    assert body["message"].startswith("This file is identical")
    assert body["report"]["state_label"] == "Signed"


def test_a_revoked_or_superseded_report_says_so(issued, signed_pdf):
    type(issued).objects.filter(pk=issued.pk).update(status=ReportStatus.REVOKED)
    body = post(signed_pdf).json()
    assert body["identical"] and body["report"]["state"] == "revoked"


def test_a_changed_pdf_is_not_valid(issued, signed_pdf):
    changed = bytearray(signed_pdf)
    at = changed.index(b"/MediaBox")
    changed[at + 1] = ord("N")
    body = post(bytes(changed)).json()
    assert not body["valid"] and body["verdict"] == "altered" and body["report"] is None
    appended = post(signed_pdf + b"\n%tail").json()  # not byte for byte an issued file any more
    assert not appended["valid"] and not appended["identical"]


def test_bad_input_is_a_clear_4xx(issued, signed_pdf, settings):
    not_pdf = post(b"GIF89a....", name="x.pdf")
    assert not_pdf.status_code == 415 and "bukan PDF" in not_pdf.json()["error"]["message"]
    unsigned = post(blank_pdf())
    assert unsigned.status_code == 422 and unsigned.json()["error"]["code"] == "unsigned"
    broken = post(b"%PDF-1.7\n garbage garbage")
    assert broken.status_code in (200, 422) and broken.json().get("valid") is not True
    assert Client().post(URL, {}).status_code == 422  # no file at all
    settings.UPLOAD_MAX_BYTES = 1000
    large = post(signed_pdf)
    assert large.status_code == 413 and "terlalu besar" in large.json()["error"]["message"]


def test_checks_are_limited_per_address_with_the_verify_page(issued, signed_pdf, settings):
    from django.core.cache import cache

    cache.clear()
    settings.VERIFY_UPLOADS_PER_MINUTE = 2
    assert post(signed_pdf, REMOTE_ADDR="203.0.113.7").status_code == 200
    assert post(signed_pdf, REMOTE_ADDR="203.0.113.7").status_code == 200
    limited = post(signed_pdf, REMOTE_ADDR="203.0.113.7")
    assert limited.status_code == 429 and int(limited["Retry-After"]) <= 60
    assert post(signed_pdf, REMOTE_ADDR="203.0.113.8").status_code == 200  # another address is not held up
    cache.clear()


def test_a_dcc_xml_is_recognised_and_a_foreign_xml_refused(issued):
    foreign = post(b"<?xml version='1.0'?><invoice/>", name="x.xml")
    assert foreign.status_code == 415 and "bukan DCC" in foreign.json()["error"]["message"]
    not_xml = post(b"<not xml", name="x.xml")
    assert not_xml.status_code == 415
    dcc = (b"<?xml version='1.0'?><dcc:digitalCalibrationCertificate xmlns:dcc='https://ptb.de/dcc'>"
           b"<dcc:administrativeData><dcc:coreData><dcc:uniqueIdentifier>" + issued.number.encode() +
           b"</dcc:uniqueIdentifier></dcc:coreData></dcc:administrativeData></dcc:digitalCalibrationCertificate>")
    body = post(dcc, name="x.xml").json()
    # found by its SHA-256, not by the number written inside: no DCC issued here, so no report is named
    assert body["kind"] == "xml" and body["report"] is None
    assert not body["valid"] and body["verdict"] == "dcc_not_issued"
