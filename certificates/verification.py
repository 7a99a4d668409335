"""Checking a PDF or a DCC XML someone holds against the report as issued: the public verify page's upload."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from certificates import signing
from certificates.models import Report, ReportStatus
from certificates.services import sha256_of
from core.pdfcheck import UnreadablePdf, check_pdf


@dataclass
class UploadCheck:
    identical: bool  # byte for byte the PDF issued under this number (any of its revisions)
    sha256: str
    signature: signing.SignatureCheck
    other: Report | None = None  # byte for byte a report issued here under another number
    revision: int | None = None  # which file of the report: 0 the signed PDF, 1.. an archival timestamp
    kind: str = "pdf"  # or "xml": a DCC (its signature is the enveloped XML signature)

    @property
    def genuine(self) -> bool:
        return self.identical and self.signature.ok

    @property
    def verdict(self) -> str:
        """One plain answer for the page: "identical", "other" (a genuine report, but a different one),
        "unreadable" (not a PDF that can be read), "unsigned" (a PDF without a signature), "unchecked" (a
        signature that cannot be checked), "altered" (signed, changed afterwards), "not_issued" (the
        signature holds, but this file was not issued here under this number) or, for a DCC XML,
        "dcc_not_issued" (not byte for byte a DCC issued here)."""
        if self.identical:
            return "identical"
        if self.other is not None:
            return "other"
        if self.kind == "xml":
            return "dcc_not_issued"  # an XML that is byte for byte no DCC issued here
        if not self.signature.readable:
            return "unreadable"
        if not self.signature.found:
            return "unsigned"
        if not self.signature.checked:
            return "unchecked"
        if not self.signature.ok:
            return "altered"
        return "not_issued"


def is_xml(content: bytes) -> bool:
    return content.lstrip()[:1] == b"<"


def read_upload(upload, max_bytes: int | None = None) -> bytes:
    """The bytes of an uploaded PDF or DCC XML, refused when missing, too large, neither, or (a PDF)
    holding scripts or automatic actions (embedded files are allowed). A PDF that does not parse is not
    refused here: it is what the verdict "unreadable" or "altered" is for."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload is None:
        raise ValidationError(_("Pilih berkas PDF E-LHU yang akan diperiksa."))
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(_("Berkas terlalu besar (%(size)s); batasnya %(max)s.") % {
            "size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)})
    content = upload.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise ValidationError(_("Berkas terlalu besar; batasnya %(max)s.") % {"max": filesizeformat(max_bytes)})
    if is_xml(content):
        return content  # a DCC: parsed by check_upload with a parser that loads nothing (xml_check)
    if not content.startswith(b"%PDF-"):
        raise ValidationError(_("Berkas ini bukan PDF E-LHU maupun XML DCC."))
    try:  # parsed, never stored; an E-LHU carries its data file, so embedded files are let through
        check_pdf(content, allow_embedded_files=True)
    except UnreadablePdf:
        pass  # damaged or not a PDF at all: the verdict says so ("unreadable" or "altered")
    return content


def issued_file(digest: str) -> tuple[Report | None, int | None]:
    """The issued report whose signed PDF, or a later revision of it (an archival timestamp), has the
    SHA-256 `digest`, and which revision (0: the signed PDF): (None, None) when none has."""
    from certificates.archive import revision_with_digest

    report = (Report.objects.filter(sha256=digest).exclude(status=ReportStatus.NUMBERED)
              .select_related("instrument__instrument_type", "signer", "replaced_by").first())
    if report is not None:
        return report, 0
    revision = revision_with_digest(digest)
    if revision is not None:
        return revision.report, revision.number
    return None, None


def check_dcc_upload(report: Report, content: bytes) -> UploadCheck:
    """Whether the DCC XML `content` is byte for byte the DCC issued with `report` (found by its SHA-256)
    and whether its enveloped XML signature holds; ValidationError when it is no DCC at all."""
    from certificates import xml_check

    found = xml_check.check_dcc(content)
    if found.error:
        raise ValidationError(found.error)
    issued = found.report if report.status != ReportStatus.NUMBERED else None
    identical = issued is not None and issued.pk == report.pk
    ok = bool(found.signature_ok)
    signature = signing.SignatureCheck(found=found.signature_found, intact=ok, valid=ok,
                                       trusted=found.signature_trusted, signer_name=found.signer,
                                       checked=found.signature_ok is not None)
    return UploadCheck(identical=identical, sha256=found.sha256, signature=signature, kind="xml",
                       other=issued if issued is not None and not identical else None)


def check_upload(report: Report, content: bytes) -> UploadCheck:
    """Whether `content` is the report as issued (SHA-256 equal to the one taken at signing, or to one
    of its archival revisions, or to its DCC) and whether the signature embedded in it holds."""
    if is_xml(content):
        return check_dcc_upload(report, content)
    digest = sha256_of(content)
    found, revision = issued_file(digest) if report.status != ReportStatus.NUMBERED else (None, None)
    identical = found is not None and found.pk == report.pk
    # someone holding a genuine report of this centre checked it against another report's page
    other = found if found is not None and not identical else None
    return UploadCheck(identical=identical, sha256=digest, signature=signing.check_signature(content), other=other,
                       revision=revision if identical else None)


def upload_allowed(request) -> bool:
    """Whether this address may check one more file now: settings.VERIFY_UPLOADS_PER_MINUTE per address
    and minute, for the verify page and POST /api/verify together (a check parses a PDF and validates a
    signature: seconds of CPU a flood must not take). An address that cannot be told shares one count."""
    import time

    from django.core.cache import cache

    from core.net import client_ip

    limit = getattr(settings, "VERIFY_UPLOADS_PER_MINUTE", 20)
    if limit <= 0:
        return True
    key = f"verify-uploads:{client_ip(request) or 'unknown'}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count <= limit


def seconds_to_next_minute() -> int:
    import time

    return 60 - int(time.time()) % 60
