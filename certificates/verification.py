"""Checking a PDF someone holds against the report as issued: the public verify page's upload."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from certificates import signing
from certificates.models import Report, ReportStatus
from certificates.services import sha256_of


@dataclass
class UploadCheck:
    identical: bool  # byte for byte the PDF issued under this number
    sha256: str
    signature: signing.SignatureCheck

    @property
    def genuine(self) -> bool:
        return self.identical and self.signature.ok


def read_upload(upload, max_bytes: int | None = None) -> bytes:
    """The bytes of an uploaded PDF, refused when missing, too large or not a PDF at all."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload is None:
        raise ValidationError(_("Pilih berkas PDF E-LHU yang akan diperiksa."))
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(_("Berkas terlalu besar (%(size)s); batasnya %(max)s.") % {
            "size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)})
    content = upload.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise ValidationError(_("Berkas terlalu besar; batasnya %(max)s.") % {"max": filesizeformat(max_bytes)})
    if not content.startswith(b"%PDF-"):
        raise ValidationError(_("Berkas ini bukan PDF."))
    return content


def check_upload(report: Report, content: bytes) -> UploadCheck:
    """Whether `content` is the report as issued (SHA-256 equal to the one taken at signing) and
    whether the signature embedded in it holds."""
    digest = sha256_of(content)
    identical = bool(report.sha256) and report.status != ReportStatus.NUMBERED and digest == report.sha256
    return UploadCheck(identical=identical, sha256=digest, signature=signing.check_signature(content))
