"""Fixtures for the report tests: orders on the road to their reports, and checking signed PDFs."""
import io

import pytest

from certificates.demo import DEMO_PASSPHRASE, demo_ca_certificate_der, ensure_demo_keys


@pytest.fixture
def small_order_at(order_at):
    """order_at for an order of a single balance: quicker where the number of reports does not matter."""
    from core.demo import demo_lines

    return lambda milestone: order_at(milestone, lines=demo_lines(count_mass=1, count_temp=0))


@pytest.fixture
def ready(order_at):
    """An order whose instruments are all validated (RESULTS_READY), driven through the real services."""
    return order_at("RESULTS_READY")


@pytest.fixture
def awaiting_signature(users, small_order_at):
    ensure_demo_keys()
    return small_order_at("AWAITING_SIGNATURE")


@pytest.fixture
def passphrase():
    return DEMO_PASSPHRASE


def signature_status(pdf: bytes):
    """pyHanko's validation of the (single) signature in `pdf`, trusting the demo CA."""
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    ca = x509.Certificate.load(demo_ca_certificate_der())
    reader = PdfFileReader(io.BytesIO(pdf))
    [embedded] = reader.embedded_signatures
    return embedded, validate_pdf_signature(embedded, ValidationContext(trust_roots=[ca], allow_fetching=False))


def pdf_text(pdf: bytes, tmp_path) -> str:
    import subprocess

    from conftest import need_tool

    need_tool("pdftotext")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
