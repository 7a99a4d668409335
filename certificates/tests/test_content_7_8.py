"""The rendered report states the items of ISO/IEC 17025 7.8.2.1 and 7.8.4.1 that the results give
(method, reference standards, before/after adjustment, conformity and decision rule, deviations,
coverage probability) and the accreditation where configured; read back with pdftotext."""
import copy
import datetime as dt
import re

import pytest

from certificates.content import render_report
from certificates.models import Report
from conftest import need_tool
from certificates.tests.test_report_pdf import SAMPLE

FULL = copy.deepcopy(SAMPLE)
FULL.update({
    "method": "IK-M-01 Kalibrasi timbangan elektronik (OIML R 76)",
    "standards": [{"name": "Anak timbangan F1 1 mg–200 g", "identification": "ATF1-07",
                   "certificate_number": "SNSU-M/2026/0412", "issuer": "SNSU BSN",
                   "expanded_uncertainty": "0.03 mg", "traceability": "SI melalui SNSU BSN",
                   "valid_until": dt.date(2027, 3, 31)}],
    "adjusted": True, "conformity_requested": True, "decision_rule": "Guarded acceptance w = U (ILAC-G8:09/2019)",
    "tolerance": "± 0.001 g", "deviations": "Suhu ruang 27 °C, di luar batas metode 20 ± 5 °C",
    "coverage_probability": "0.95",
})
FULL["parameters"] = [{"name": "Penunjukan (linearitas)", "analyst": "Analis Satu", "points": [
    {"nominal": "100", "readings": ["100.0042"], "mean_reading": "100.0042", "correction": "-0.0042",
     "expanded_uncertainty": "0.00012", "unit": "g", "k": "2", "stage": "before", "conformity": "fail"},
    {"nominal": "100", "readings": ["100.0003"], "mean_reading": "100.0003", "correction": "-0.0003",
     "expanded_uncertainty": "0.00012", "unit": "g", "k": "2", "stage": "after", "conformity": "pass"},
]}]


def raw_text(pdf: bytes, tmp_path) -> str:
    """The text in reading order of the content stream (a wrapped table cell stays together)."""
    import subprocess

    need_tool("pdftotext")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return re.sub(r"\s+", " ", out)


@pytest.fixture
def report(users, order_at, monkeypatch):
    monkeypatch.setattr("certificates.content.results_of", lambda inst: FULL)
    order = order_at("IN_LAB")
    return Report.objects.create(order=order, instrument=order.instruments.first(), number="0077/LHU/BSPJI/XI/2026",
                                 numbered_by=users["ketua_pji"])


def test_every_applicable_item_of_7_8_is_in_the_text(report, users, tmp_path, settings):
    from metrology.models import AccreditationScope

    from units.models import Unit

    Unit.objects.filter(pk=report.order.unit_id).update(accreditation_number="LK-321-IDN")  # the order's unit's
    # FULL has no result sheet, so no method: with the demo scope every point would be outside it and the mark
    # left off (ILAC-P8, metrology/tests/test_accreditation_scope.py); here the laboratory has no scope recorded.
    AccreditationScope.objects.all().delete()
    text = raw_text(render_report(report, draft=False, issued_on=dt.date(2026, 11, 25),
                                  signer=users["kepala_balai"]), tmp_path)
    expected = [
        "Calibration method", FULL["method"],
        "Reference standards", "Anak timbangan F1", "ATF1-07", "SNSU-M/2026/0412", "SNSU BSN", "0.03 mg",
        "31 Maret 2027",
        "before and after adjustment", "Sebelum / before", "Sesudah / after", "100.0042", "100.0003",
        "Conformity", "Tidak sesuai / fail", "Sesuai / pass", "± 0.001 g",
        "decision rule: Guarded acceptance w = U (ILAC-G8:09/2019)",
        "Deviations from the method: Suhu ruang 27 °C",
        "coverage probability of 95 %", "tingkat kepercayaan 95 %",
        "Accredited", "LK-321-IDN",
        "relate only to the item calibrated", "not be reproduced except in full", "End of certificate",
    ]
    squeezed = text.replace(" ", "")  # a narrow table cell may break a long identifier
    missing = [item for item in expected if item.replace(" ", "") not in squeezed]
    assert not missing, missing


def test_without_the_new_items_the_report_says_nothing_about_them(report, users, tmp_path, monkeypatch):
    monkeypatch.setattr("certificates.content.results_of", lambda inst: SAMPLE)
    report.instrument.tolerance = ""
    report.instrument.save(update_fields=["tolerance"])
    text = raw_text(render_report(report, draft=False, signer=users["kepala_balai"]), tmp_path)
    for absent in ("Reference standards", "Stage", "Conformity", "Deviations", "Accredited", "decision rule"):
        assert absent not in text, absent
    assert "coverage probability of about 95 %" in text
