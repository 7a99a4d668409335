"""Uploaded documents are checked by content: type, size and active content; a refused one is not stored."""
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from billing.models import PaymentProof
from demo.road import MINIMAL_PDF
from core.tests.support import image_bytes, messages_of
from core.uploads import check_document
from workflow.states import OrderState


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


JS_PDF = MINIMAL_PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>")


@pytest.mark.parametrize("name, content, ctype", [
    ("bukti.pdf", MINIMAL_PDF, "application/pdf"),
    ("BUKTI.PDF", MINIMAL_PDF, "application/pdf"),
    ("bukti.png", image_bytes("PNG"), "image/png"),
    ("bukti.jpg", image_bytes("JPEG"), "image/jpeg"),
    ("bukti.jpeg", image_bytes("JPEG"), "image/jpeg"),
])
def test_a_good_pdf_png_or_jpeg_passes_with_a_random_stored_name(name, content, ctype):
    checked = check_document(upload(name, content, "application/octet-stream"))
    assert checked.content_type == ctype and checked.content == content and checked.original_name == name
    assert name.lower().rsplit(".")[0] not in checked.stored_name


@pytest.mark.parametrize("name, content, words", [
    ("bukti.pdf", image_bytes("PNG"), "tidak sesuai"),  # a PNG named .pdf
    ("bukti.png", image_bytes("JPEG"), "tidak sesuai"),
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100, "tidak diterima"),
    ("bukti", MINIMAL_PDF, "tidak diterima"),
    ("bukti.pdf.exe", MINIMAL_PDF, "tidak diterima"),
    ("bukti.pdf", JS_PDF, "skrip"),
    ("bukti.pdf", JS_PDF.replace(b"/S/JavaScript/JS", b"/S/J#61vaScript/J#53"), "skrip"),  # an escaped name
    ("bukti.pdf", MINIMAL_PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/Launch/F(x.exe)>>"), "aksi Launch"),
    ("bukti.pdf", MINIMAL_PDF.replace(b"%%EOF", b""), "rusak"),
    ("bukti.pdf", b"", "kosong"),
    ("bukti.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, "rusak"),
])
def test_bad_documents_are_refused_with_a_reason(name, content, words):
    with pytest.raises(ValidationError) as exc:
        check_document(upload(name, content))
    assert words in " ".join(exc.value.messages)


def test_an_oversized_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    big = MINIMAL_PDF[:-6] + b" " * 2000 + b"%%EOF\n"
    with pytest.raises(ValidationError) as exc:
        check_document(upload("bukti.pdf", big))
    assert "terlalu besar" in " ".join(exc.value.messages)


def test_a_missing_file_is_refused():
    with pytest.raises(ValidationError):
        check_document(None)


def _stored_files(settings):
    root = settings.MEDIA_ROOT / "proofs"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.django_db
@pytest.mark.parametrize("name, content", [
    ("bukti.pdf", image_bytes("PNG")), ("virus.exe", b"MZ" * 50), ("bukti.pdf", JS_PDF)])
def test_nothing_is_stored_when_a_proof_is_refused(order_at, users, login, settings, name, content):
    order = order_at("AWAITING_PAYMENT")
    before = _stored_files(settings)
    response = login(users["pelanggan"]).post(f"/billing/order/{order.pk}/proof/", {"proof": upload(name, content)})
    assert response.status_code == 302 and messages_of(response)
    order.refresh_from_db()
    assert order.state == OrderState.AWAITING_PAYMENT
    assert not PaymentProof.objects.exists()
    assert _stored_files(settings) == before


@pytest.mark.django_db
def test_an_oversized_proof_is_not_stored(order_at, users, login, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    order = order_at("AWAITING_PAYMENT")
    before = _stored_files(settings)
    big = MINIMAL_PDF[:-6] + b" " * 2000 + b"%%EOF\n"
    login(users["pelanggan"]).post(f"/billing/order/{order.pk}/proof/", {"proof": upload("bukti.pdf", big)})
    assert not PaymentProof.objects.exists() and _stored_files(settings) == before
