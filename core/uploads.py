"""Checks for uploaded documents (proofs of payment, attachments): type by content, size, safety.

A file is accepted only when its extension, its first bytes and a full parse agree; a PDF with active
content (scripts, automatic actions, embedded files, XFA: `core.pdfcheck`) is refused. The stored name is
random; the original name is kept only as text.
"""
from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

from core.pdfcheck import check_pdf

KINDS = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
}
MAX_IMAGE_PIXELS = 40_000_000


@dataclass
class CheckedUpload:
    content: bytes
    content_type: str
    extension: str
    original_name: str
    stored_name: str


def _extension(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return ("." + base.rsplit(".", 1)[-1].lower()) if "." in base else ""


def check_document(upload, max_bytes: int | None = None) -> CheckedUpload:
    """Validate an uploaded PDF/JPEG/PNG; raise ValidationError with a message naming what is wrong."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload is None:
        raise ValidationError(_("Pilih berkas yang akan diunggah."))
    original = (upload.name or "").replace("\x00", "")[-200:]
    ext = _extension(original)
    if ext not in KINDS:
        raise ValidationError(_("Jenis berkas %(ext)s tidak diterima: unggah PDF, JPEG atau PNG.") % {"ext": ext or "?"})
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(_("Berkas terlalu besar (%(size)s); batasnya %(max)s.") % {
            "size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)})
    content = upload.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise ValidationError(_("Berkas terlalu besar; batasnya %(max)s.") % {"max": filesizeformat(max_bytes)})
    if not content:
        raise ValidationError(_("Berkas kosong."))
    content_type, magic = KINDS[ext]
    if not content.startswith(magic):
        raise ValidationError(_("Isi berkas tidak sesuai dengan ekstensinya (%(ext)s).") % {"ext": ext})
    if content_type == "application/pdf":
        if b"%%EOF" not in content[-2048:]:
            raise ValidationError(_("PDF tidak lengkap atau rusak."))
        check_pdf(content)
    else:
        _check_image(content)
    return CheckedUpload(content, content_type, ext, original, secrets.token_hex(16) + ext)


def _check_image(content: bytes) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(content)) as img:
                width, height = img.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ValidationError(_("Gambar terlalu besar (%(w)s×%(h)s piksel).") % {"w": width, "h": height})
                img.verify()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(_("Gambar terlalu besar untuk diproses.")) from None
        except Exception:
            raise ValidationError(_("Gambar rusak atau bukan gambar yang sah.")) from None
