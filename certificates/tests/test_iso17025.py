"""The signed report as any PDF tool sees it: poppler's pdfsig checks the signature, pdftotext reads
every item ISO/IEC 17025 clause 7.8 asks a calibration certificate to state."""
import datetime as dt
import re
import subprocess

import pytest
from django.conf import settings

from certificates import services, signing
from certificates.content import render_report
from certificates.demo import DEMO_PASSPHRASE, ensure_demo_keys
from certificates.models import Report
from certificates.tests.conftest import pdf_text
from certificates.tests.test_report_pdf import SAMPLE
from conftest import need_tool


def pdfsig(pdf: bytes, tmp_path) -> str:
    need_tool("pdfsig")
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    return done.stdout + done.stderr


def test_pdfsig_finds_the_signature_valid_and_one_changed_byte_breaks_it(users, awaiting_signature, passphrase,
                                                                         tmp_path):
    [report] = services.sign_reports(users["kepala_balai"], awaiting_signature.pk, passphrase)
    content = services.signed_content(report)
    assert "Signature is Valid." in pdfsig(content, tmp_path)

    tampered = bytearray(content)
    at = content.index(b"stream", len(content) // 3) + 20  # inside a content stream, inside the signed range
    tampered[at] ^= 0x01
    out = pdfsig(bytes(tampered), tmp_path)
    assert "Signature is Valid." not in out
    assert "Digest Mismatch" in out or "Invalid" in out, out


@pytest.fixture
def report(users, order_at, monkeypatch):
    from metrology.models import AccreditationScope

    monkeypatch.setattr("certificates.content.results_of", lambda inst: SAMPLE)
    AccreditationScope.objects.all().delete()  # SAMPLE has no method: not judged against a scope here
    order = order_at("IN_LAB")
    inst = order.instruments.first()
    inst.tolerance = "± 0,1 g"
    inst.condition = "Baik, lengkap"
    inst.resolution = inst.resolution or "0,0001 g"
    inst.save(update_fields=["tolerance", "condition", "resolution"])
    return Report.objects.create(order=order, instrument=inst, number="0042/LHU/BSPJI/XI/2026",
                                 numbered_by=users["ketua_pji"])


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_final_report_states_every_item_of_iso_17025_clause_7_8(report, users, tmp_path):
    head = users["kepala_balai"]
    ensure_demo_keys()
    pdf = render_report(report, draft=False, issued_on=dt.date(2026, 11, 25), signer=head)
    signed = signing.sign_pdf(pdf, signing.load_signer(head, DEMO_PASSPHRASE), name=head.full_name,
                              reason="E-LHU", location="BSPJI")
    text = pdf_text(signed, tmp_path)
    flat = _flat(text)
    inst, company = report.instrument, report.order.company
    pages = text.count("\f")
    assert pages >= 1
    for page_no, page in enumerate(text.split("\f")[:pages], start=1):
        assert report.number in page, f"report number missing on page {page_no}"
        assert f"Page {page_no} of {pages}" in page and f"Halaman {page_no} dari {pages}" in page
    expected = [
        "SERTIFIKAT KALIBRASI", "Calibration Certificate",
        settings.BALAI_NAME, settings.BALAI_ADDRESS,
        company.name, _flat(company.address),
        inst.instrument_type.name, inst.brand, inst.model, inst.serial_number, inst.capacity, inst.resolution,
        "Condition on receipt", "Baik, lengkap",
        "Date received", "Calibration date", "20 November 2026", "Date of issue", "25 November 2026",
        "100.0002", "± 0.00012", "Expanded uncertainty", "coverage factor k",
        "tingkat kepercayaan sekitar 95 %", "coverage probability of about 95 %",
        "Kondisi lingkungan", "Environmental", "20.3 °C", "55 %",
        settings.TRACEABILITY_STATEMENT,
        "Authorised by", head.full_name, head.position,
        "relate only to the item calibrated", "not be reproduced except in full", "End of certificate",
        "± 0,1 g", "simple acceptance (ILAC-G8)",
    ]
    missing = [item for item in expected if item and _flat(item) not in flat]
    assert not missing, missing
    assert re.search(r"\b2\b\s+g\b", text), "coverage factor k and unit per point"


def test_no_decision_rule_is_stated_when_no_tolerance_was_asked(report, users, tmp_path):
    inst = report.instrument
    inst.tolerance = ""
    inst.save(update_fields=["tolerance"])
    text = _flat(pdf_text(render_report(report, draft=False, signer=users["kepala_balai"]), tmp_path))
    assert "ILAC-G8" not in text


def test_the_traceability_statement_is_configurable(report, users, tmp_path, settings):
    settings.TRACEABILITY_STATEMENT = "Tertelusur ke SI melalui Laboratorium Acuan X."
    text = _flat(pdf_text(render_report(report, draft=False, signer=users["kepala_balai"]), tmp_path))
    assert "Tertelusur ke SI melalui Laboratorium Acuan X." in text
