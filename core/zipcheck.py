"""A zip-based upload (an .xlsx) checked against "zip bombs" before anything opens it.

The sizes come from the zip's central directory, read by `zipfile` without inflating any member: the
total unpacked size must stay within `settings.UPLOAD_ZIP_MAX_UNCOMPRESSED`, and no member of some
size may unpack to more than `settings.UPLOAD_ZIP_MAX_RATIO` times its packed size (a workbook's XML
packs about ten to one; a bomb's thousand to one). A member that lies about its size in the directory
gains nothing: `zipfile`, which openpyxl reads through, stops at the declared size and then fails the
CRC check.
"""
from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

RATIO_CHECKED_FROM = 1024 * 1024  # members unpacking to less cannot hurt, whatever their ratio
MAX_MEMBERS = 10_000


def check_zip(source) -> None:
    """Raise ValidationError when the archive (bytes or a seekable file, left at its start) is not a
    readable zip, or unpacks beyond the limits."""
    data = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    max_total = settings.UPLOAD_ZIP_MAX_UNCOMPRESSED
    max_ratio = settings.UPLOAD_ZIP_MAX_RATIO
    try:
        with zipfile.ZipFile(data) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ValidationError(_("Berkas Excel tidak dapat dibaca. Simpan ulang sebagai .xlsx lalu coba lagi.")) from None
    finally:
        data.seek(0)
    if len(members) > MAX_MEMBERS:
        raise ValidationError(_("Berkas Excel berisi terlalu banyak bagian (%(n)s).") % {"n": len(members)})
    total = sum(member.file_size for member in members)
    if total > max_total:
        raise ValidationError(_("Isi berkas Excel terlalu besar setelah dibuka (%(size)s; batasnya %(max)s).") % {
            "size": filesizeformat(total), "max": filesizeformat(max_total)})
    for member in members:
        if member.file_size >= RATIO_CHECKED_FROM and member.file_size > max_ratio * max(member.compress_size, 1):
            raise ValidationError(_(
                "Berkas Excel dimampatkan secara tidak wajar (bagian %(name)s membesar %(ratio)s kali; batasnya "
                "%(max)s kali) dan tidak diterima.") % {
                "name": member.filename[:80], "ratio": member.file_size // max(member.compress_size, 1),
                "max": max_ratio})
