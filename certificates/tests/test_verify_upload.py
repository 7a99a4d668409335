"""The public verify page checks a PDF someone was given against the report as issued."""
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from certificates import services


def _upload(client, report, content: bytes, name="E-LHU.pdf"):
    return client.post(reverse("certificates:verify", args=[report.token]),
                       {"pdf": SimpleUploadedFile(name, content, content_type="application/pdf")})


def test_the_issued_pdf_is_accepted_and_an_altered_one_is_rejected(small_order_at):
    report = small_order_at("SIGNED").reports.first()
    original = services.signed_content(report)
    client = Client()

    page = _upload(client, report, original).content.decode()
    assert "Berkas identik" in page and "tidak identik" not in page
    assert "Tanda tangan elektronik sah dan utuh" in page and report.signer.full_name in page

    altered = bytearray(original)
    at = original.index(b"stream", len(original) // 3) + 20
    altered[at] ^= 0x01
    page = _upload(client, report, bytes(altered)).content.decode()
    assert "tidak identik" in page
    assert "Tanda tangan elektronik tidak sah" in page

    page = _upload(client, report, original + b"\n%appended").content.decode()
    assert "tidak identik" in page


def test_the_upload_form_is_protected_against_cross_site_posts(small_order_at):
    report = small_order_at("SIGNED").reports.first()
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("certificates:verify", args=[report.token])).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page and 'type="file"' in page
    response = _upload(client, report, services.signed_content(report))
    assert response.status_code == 403


def test_uploads_that_are_too_large_or_not_pdf_are_refused(small_order_at, settings):
    report = small_order_at("SIGNED").reports.first()
    client = Client()
    page = _upload(client, report, b"GIF89a not a pdf", name="x.pdf").content.decode()
    assert "bukan PDF" in page and "Berkas identik" not in page
    settings.UPLOAD_MAX_BYTES = 1000
    page = _upload(client, report, services.signed_content(report)).content.decode()
    assert "terlalu besar" in page and "Berkas identik" not in page
