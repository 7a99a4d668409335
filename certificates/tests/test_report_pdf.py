"""The report PDF itself: the draft CS prints and the final document the head of centre signs."""
import datetime as dt

import pytest

from certificates import signing
from certificates.content import mask_name, render_report
from certificates.demo import DEMO_PASSPHRASE, ensure_demo_keys
from certificates.models import Report
from certificates.tests.conftest import pdf_text, signature_status

SAMPLE = {
    "calibration_date": dt.date(2026, 11, 20), "temperature": "20.3", "humidity": "55",
    "parameters": [{"name": "Penunjukan (linearitas)", "analyst": "Analis Satu", "points": [
        {"nominal": "100", "readings": ["100.0002"], "mean_reading": "100.0002", "correction": "-0.0002",
         "expanded_uncertainty": "0.00012", "unit": "g", "k": "2"}]}],
    "verified_by": "Penyelia Satu", "validated_by": "MT Satu", "analysts": ["Analis Satu"],
}


@pytest.fixture
def report(users, order_at, monkeypatch):
    """A numbered report on an order's first instrument, with fixed results."""
    monkeypatch.setattr("certificates.content.results_of", lambda inst: SAMPLE)
    order = order_at("IN_LAB")
    inst = order.instruments.first()
    return Report.objects.create(order=order, instrument=inst, number="0042/LHU/BSPJI/XI/2026",
                                 numbered_by=users["ketua_pji"])


def test_draft_is_watermarked_and_carries_the_number_on_each_page(report, tmp_path):
    text = pdf_text(render_report(report, draft=True), tmp_path)
    assert "DRAF / DRAFT" in text
    assert "0042/LHU/BSPJI/XI/2026" in text
    pages = text.count("\f")
    assert f"Halaman {pages} dari {pages}" in text and f"Page 1 of {pages}" in text
    assert text.count("0042/LHU/BSPJI/XI/2026") >= pages


def test_final_report_says_what_iso_17025_asks(report, users, tmp_path):
    head = users["kepala_balai"]
    text = pdf_text(render_report(report, draft=False, issued_on=dt.date(2026, 11, 25), signer=head), tmp_path)
    assert "DRAFT" not in text
    for expected in ("SERTIFIKAT KALIBRASI", "Calibration Certificate", report.order.company.name,
                     report.instrument.serial_number, "100.0002", "0.00012", "25 November 2026",
                     "20 November 2026", "20.3 °C", head.full_name, head.nip,
                     "relate only to the item calibrated", "not be reproduced except in full", "End of certificate"):
        assert expected in text


def test_a_signed_report_validates_and_carries_its_number(report, users, tmp_path):
    head = users["kepala_balai"]
    ensure_demo_keys()
    signer = signing.load_signer(head, DEMO_PASSPHRASE)
    signed = signing.sign_pdf(render_report(report, draft=False, signer=head), signer,
                              name=head.full_name, reason="E-LHU", location="BSPJI")
    embedded, status = signature_status(signed)
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert status.intact and status.valid and status.trusted
    assert "0042/LHU/BSPJI/XI/2026" in pdf_text(signed, tmp_path)


def test_a_wrong_passphrase_does_not_open_the_key(users):
    ensure_demo_keys()
    assert signing.load_signer(users["kepala_balai"], "salah") is None


def test_customer_names_are_masked_to_their_first_letters():
    assert mask_name("PT Maju Jaya") == "P* M*** J***"
