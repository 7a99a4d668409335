"""Demo data and the road an order travels, shared by `manage.py seed_demo` and the tests.

`drive(users, order, until)` takes an order along the SOP, milestone by
milestone, as the demo accounts: each milestone is a list of moves (who, code, id, data) played through the
one mapping from code to service (`workflow.actions.play`). Each names the state reached and the function (by import
path, so each app owns its part) that gets there.
"""
from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.module_loading import import_string

from catalog.models import InstrumentType
from orders.services import InstrumentLine, save_draft

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


def proof_upload(name="bukti-bayar.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


# The demo's temperature instrument: a thermocouple up to 300 °C, priced under PP 54/2021 (catalog/data).
THERMOMETER = ("Termokopel", "<= 300 °C")


def demo_thermometer() -> InstrumentType:
    return InstrumentType.objects.get(name=THERMOMETER[0], range_label=THERMOMETER[1])


def demo_lines(count_mass=2, count_temp=1) -> list[InstrumentLine]:
    """Instruments for a demo order: analytical balances (mass lab) and thermocouple thermometers
    (temperature lab)."""
    balance = InstrumentType.objects.get(name="Neraca analitik")
    thermo = demo_thermometer()
    lines = [InstrumentLine(balance.pk, "Mettler Toledo", f"B{n:04d}-XS", "220 g", model="XS205",
                            resolution="0,01 mg", points="0, 50, 100, 200 g", tolerance="± 0,5 mg")
             for n in range(1, count_mass + 1)]
    lines += [InstrumentLine(thermo.pk, "Fluke", f"T{n:04d}", "-30 °C s.d. 150 °C", model="1524 + TC tipe K",
                             resolution="0,01 °C", points="0, 50, 100 °C") for n in range(1, count_temp + 1)]
    return lines


ROAD: list[tuple[str, str]] = [
    ("SUBMITTED", "demo.steps.submit"),
    ("VALIDATED", "demo.steps.validate"),
    ("PRICED", "demo.steps.approve_tariff"),
    ("BILLING_REQUESTED", "demo.steps.accept_price"),
    ("AWAITING_PAYMENT", "demo.steps.issue_billing"),
    ("PAYMENT_SUBMITTED", "demo.steps.upload_proof"),
    ("PAID", "demo.steps.accept_payment"),
    ("IN_LAB", "demo.steps.receive"),
    ("ASSIGNED", "demo.steps.assign"),
    ("IN_CALIBRATION", "demo.steps.approve_assignment"),
    ("RESULTS_ENTERED", "results.demo.enter_and_submit"),
    ("VERIFIED", "results.demo.verify"),
    ("RESULTS_READY", "results.demo.validate"),
    ("NUMBERED", "certificates.demo.number_reports"),
    ("AWAITING_SIGNATURE", "certificates.demo.request_signature"),
    ("SIGNED", "certificates.demo.sign"),
    ("FORWARDED", "certificates.demo.forward"),
    ("SURVEYED", "survey.demo.fill_survey"),
    ("COMPLETED", "survey.demo.complete"),
]
MILESTONES = [name for name, _ in ROAD]


def new_order(users, customer="pelanggan", lines=None):
    return save_draft(users[customer], lines or demo_lines(), notes="Mohon sertifikat dalam dua bahasa.")


def drive(users, order, until: str):
    """Take `order` along the road up to and including milestone `until`; returns the fresh order."""
    if until not in MILESTONES:
        raise ValueError(f"unknown milestone {until}")
    for name, path in ROAD:
        import_string(path)(users, order)
        order.refresh_from_db()
        if name == until:
            return order
    return order
