"""The public verify page checks a PDF someone was given against the report as issued."""
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from certificates import services
from demo.road import demo_lines


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

    # the report number in the document's title changed, the file still a sound PDF: changed after signing
    title = original.index(b"(", original.index(b"/Title")) + 1
    altered = bytearray(original)
    altered[title:title + 4] = b"9999"
    page = _upload(client, report, bytes(altered)).content.decode()
    assert "tidak identik" in page
    assert "Tanda tangan elektronik tidak sah: isi berkas telah berubah setelah ditandatangani" in page

    # a byte flipped inside a compressed stream: refused as damaged when the parser reaches that stream,
    # otherwise found changed after signing; never accepted
    damaged = bytearray(original)
    damaged[original.index(b"stream", len(original) // 3) + 20] ^= 0x01
    page = _upload(client, report, bytes(damaged)).content.decode()
    assert "Berkas identik" not in page and "sah dan utuh" not in page
    assert "bukan PDF yang sah atau rusak" in page or "berubah setelah ditandatangani" in page

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


def _plain_pdf() -> bytes:
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_another_genuine_report_is_named_plainly_not_called_altered(order_at):
    order = order_at("SIGNED", lines=demo_lines(count_mass=1, count_temp=1))
    first, second = order.reports.order_by("pk")[:2]
    page = _upload(Client(), first, services.signed_content(second)).content.decode()
    assert f"E-LHU asli dan sah, tetapi E-LHU yang lain: No. {second.number}" in page
    assert reverse("certificates:verify", args=[second.token]) in page
    assert "tidak identik" not in page and "berubah setelah ditandatangani" not in page


def test_a_pdf_without_a_signature_is_called_that_not_altered(small_order_at):
    report = small_order_at("SIGNED").reports.first()
    page = _upload(Client(), report, _plain_pdf()).content.decode()
    assert "PDF tanpa tanda tangan elektronik" in page
    assert "berubah setelah ditandatangani" not in page and "Berkas identik" not in page


def test_a_signature_that_cannot_be_checked_is_not_reported_as_a_changed_file():
    from certificates import signing

    assert signing.check_signature(b"not a pdf at all") == signing.SignatureCheck(found=False, readable=False)
    assert signing.check_signature(_plain_pdf()) == signing.SignatureCheck(found=False)


def test_an_unknown_token_gets_the_not_found_page_of_the_site(db):
    response = Client().get("/verify/no-such-token-0123456789")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Halaman tidak ditemukan" in page and "Tidak ada E-LHU dengan kode verifikasi ini" in page
    assert 'class="topbar"' in page and "SP4N-LAPOR!" in page  # the site's layout, not a bare error


def test_the_footer_links_the_service_standard_and_both_complaint_channels(db, settings):
    page = Client().get("/").content.decode()
    assert 'href="/standar-pelayanan/"' in page and 'href="/complaints/"' in page
    assert 'href="https://www.lapor.go.id"' in page
    standard = Client().get("/standar-pelayanan/")
    assert standard.status_code == 200 and "Jangka waktu penyelesaian" in standard.content.decode()
    settings.SERVICE_STANDARD_URL = "https://bspji.example.go.id/standar-pelayanan.pdf"
    assert Client().get("/standar-pelayanan/")["Location"] == settings.SERVICE_STANDARD_URL


def test_the_not_found_page_and_the_footer_read_in_english(db, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/verify/no-such-token-0123456789").content.decode()
    assert "Page not found" in page and "There is no certificate with this verification code" in page
    assert "Service standard" in page and "SP4N-LAPOR! (national public-service complaints)" in page
    assert "Completion time" in client.get("/standar-pelayanan/").content.decode()
