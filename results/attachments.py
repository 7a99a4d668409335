"""Raw data files of a calibration: spreadsheets (CSV, XLSX), PDFs and images, checked by content.

PDF, JPEG and PNG go through `core.uploads.check_document`; a CSV must be text without NUL bytes that
the csv module reads; an XLSX must be a zip within the unpacking limits (`core.zipcheck`) that openpyxl
opens as a workbook.
"""
from __future__ import annotations

import csv
import io
import secrets
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.uploads import CheckedUpload, check_document
from core.zipcheck import check_zip

SPREADSHEETS = {
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _extension(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return ("." + base.rsplit(".", 1)[-1].lower()) if "." in base else ""


def check_raw_file(upload, max_bytes: int | None = None) -> CheckedUpload:
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload is None:
        raise ValidationError(_("Pilih berkas yang akan diunggah."))
    original = (upload.name or "").replace("\x00", "")[-200:]
    ext = _extension(original)
    if ext not in SPREADSHEETS:
        if ext not in (".pdf", ".jpg", ".jpeg", ".png"):
            raise ValidationError(_("Jenis berkas %(ext)s tidak diterima: unggah CSV, XLSX, PDF, JPEG atau PNG.")
                                  % {"ext": ext or "?"})
        return check_document(upload, max_bytes)
    content = upload.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise ValidationError(_("Berkas terlalu besar; batasnya %(max)s.") % {"max": filesizeformat(max_bytes)})
    if not content:
        raise ValidationError(_("Berkas kosong."))
    if ext == ".csv":
        _check_csv(content)
    else:
        _check_xlsx(content)
    return CheckedUpload(content, SPREADSHEETS[ext], ext, original, secrets.token_hex(16) + ext)


def _check_csv(content: bytes) -> None:
    if b"\x00" in content:
        raise ValidationError(_("Berkas CSV berisi data biner; unggah teks CSV."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        raise ValidationError(_("Berkas CSV tidak dapat dibaca.")) from None
    if not rows:
        raise ValidationError(_("Berkas CSV kosong."))


def _check_xlsx(content: bytes) -> None:
    if not content.startswith(b"PK\x03\x04"):
        raise ValidationError(_("Isi berkas tidak sesuai dengan ekstensinya (%(ext)s).") % {"ext": ".xlsx"})
    check_zip(content)  # sizes from the central directory, before any member is inflated
    try:
        from openpyxl import load_workbook

        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if any(name.lower().endswith(".bin") for name in archive.namelist()):
                raise ValidationError(_("Buku kerja berisi makro dan tidak diterima."))
        load_workbook(io.BytesIO(content), read_only=True).close()
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(_("Berkas XLSX rusak atau bukan buku kerja yang sah.")) from None
