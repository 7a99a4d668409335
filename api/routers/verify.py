"""POST /api/verify: the public verify page for machines. No token; limited per address like the page
(certificates.verification.upload_allowed). Answers only what the public page shows: which report the
file is, whether it is byte for byte an issued file (the signed PDF or one of its archival revisions),
whether its signature holds and at which PAdES level, and whether the report is still current, was
replaced by a correction or revoked. Answers in the language of Accept-Language (id or en)."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from api.errors import error_response
from api.schemas import ErrorOut

router = Router(tags=["verify"])


class SignatureOut(Schema):
    found: bool
    intact: bool
    valid: bool
    trusted: bool
    signer: str
    level: str  # B-B, B-T, B-LT, B-LTA; "" without a signature (or for XML)
    checked: bool


class ReportOut(Schema):
    number: str
    instrument: str
    issued_on: dt.date | None
    signer: str
    state: str  # current, superseded, revoked
    state_label: str
    replaced_by: str | None
    verify_url: str


class VerifyOut(Schema):
    valid: bool  # byte for byte an issued file, with a signature that holds
    verdict: str  # identical, altered, not_issued, unchecked, unreadable; for XML also dcc_not_issued
    message: str
    kind: str  # pdf or xml
    identical: bool
    revision: int | None  # 0: the signed PDF; 1..: a revision with an archival timestamp
    sha256: str
    report: ReportOut | None
    signature: SignatureOut


def _language(request) -> str:
    from django.utils.translation.trans_real import parse_accept_lang_header

    available = {code for code, _name in settings.LANGUAGES}
    for code, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        base = code.split("-")[0].lower()
        if base in available:
            return base
    return settings.LANGUAGE_CODE


def _report_out(request, report) -> dict:
    from django.urls import reverse

    from certificates.models import ReportStatus

    state = {ReportStatus.SIGNED: "current", ReportStatus.SUPERSEDED: "superseded",
             ReportStatus.REVOKED: "revoked"}.get(report.status, "not_issued")
    replaced = getattr(report, "replaced_by", None) if report.status == ReportStatus.SUPERSEDED else None
    return {
        "number": report.number, "instrument": str(report.instrument.instrument_type),
        "issued_on": report.signed_at.date() if report.signed_at else None,
        "signer": (report.signer.full_name or report.signer.username) if report.signer else "",
        "state": state, "state_label": str(report.get_status_display()),
        "replaced_by": replaced.number if replaced is not None else None,
        "verify_url": request.build_absolute_uri(reverse("certificates:verify", args=[report.token])),
    }


MESSAGES = {
    "identical": lambda: _("Berkas ini sama persis dengan E-LHU yang diterbitkan dan tanda tangannya sah."),
    "unsigned": lambda: _("Berkas ini tidak bertanda tangan elektronik."),
    "altered": lambda: _("Berkas ini telah diubah setelah ditandatangani: tanda tangannya tidak berlaku."),
    "not_issued": lambda: _("Tanda tangannya utuh, tetapi berkas ini tidak sama dengan berkas E-LHU mana pun "
                            "yang diterbitkan di sini."),
    "unchecked": lambda: _("Tanda tangan pada berkas ini rusak atau tidak dapat diperiksa."),
    "unreadable": lambda: _("Berkas PDF ini rusak dan tidak dapat dibaca."),
    "dcc_not_issued": lambda: _("Berkas XML ini tidak sama dengan DCC mana pun yang diterbitkan di sini."),
}


def _error(request, status: int, code: str, message: str):
    from api.main import api

    response = error_response(api, request, status, code, message)
    response["Content-Language"] = translation.get_language()
    return response


@router.post("/verify", auth=None, response={200: VerifyOut, 413: ErrorOut, 415: ErrorOut, 422: ErrorOut,
                                              429: ErrorOut},
             summary="Periksa berkas E-LHU (PDF) atau DCC (XML): asli, utuh, masih berlaku?")
def verify(request: HttpRequest, file: UploadedFile = File(..., description="E-LHU PDF atau DCC XML")):
    """Anonymous; at most VERIFY_UPLOADS_PER_MINUTE checks a minute per address (429 beyond, with
    Retry-After). 413: too large; 415: neither a PDF nor XML; 422: a PDF without a signature."""
    from certificates import verification

    with translation.override(_language(request)):
        if not verification.upload_allowed(request):
            response = _error(request, 429, "throttled", _("Terlalu banyak pemeriksaan dari alamat ini; coba "
                                                           "lagi dalam satu menit."))
            response["Retry-After"] = str(verification.seconds_to_next_minute())
            return response
        limit = settings.UPLOAD_MAX_BYTES
        content = file.read(limit + 1)
        if len(content) > limit:
            from django.template.defaultfilters import filesizeformat

            return _error(request, 413, "too_large", _("Berkas terlalu besar; batasnya %(max)s.")
                          % {"max": filesizeformat(limit)})
        if content.lstrip()[:1] == b"<":
            return _answer_xml(request, content)
        if not content.startswith(b"%PDF-"):
            return _error(request, 415, "unsupported", _("Berkas ini bukan PDF E-LHU maupun XML DCC."))
        return _answer_pdf(request, content)


def _answer_pdf(request, content: bytes):
    from certificates import ltv, signing, verification
    from certificates.services import sha256_of

    digest = sha256_of(content)
    signature = signing.check_signature(content)
    if signature.readable and not signature.found:
        return _error(request, 422, "unsigned", str(MESSAGES["unsigned"]()))
    report, revision = verification.issued_file(digest)
    identical = report is not None
    if identical:
        verdict = "identical" if signature.ok else "altered"
    elif not signature.readable:
        verdict = "unreadable"
    elif not signature.checked:
        verdict = "unchecked"
    elif not signature.ok:
        verdict = "altered"
    else:
        verdict = "not_issued"
    level = ltv.signature_level(content) if signature.found and signature.checked else ""
    response = {
        "valid": identical and signature.ok, "verdict": verdict, "message": str(MESSAGES[verdict]()), "kind": "pdf",
        "identical": identical, "revision": revision, "sha256": digest,
        "report": _report_out(request, report) if report is not None else None,
        "signature": {"found": signature.found, "intact": signature.intact, "valid": signature.valid,
                      "trusted": signature.trusted, "signer": signature.signer_name, "level": level,
                      "checked": signature.checked},
    }
    return Status(200, response)


def _answer_xml(request, content: bytes):
    """A DCC XML: which report it belongs to (its unique identifier is the report number) and whether it
    is byte for byte the DCC issued with it. Its own XML signature is checked when signxml is installed."""
    from certificates import xml_check

    found = xml_check.check_dcc(content)
    if found.error:
        return _error(request, 415, "unsupported", found.error)
    report = found.report
    valid = found.identical and found.signature_ok is not False
    verdict = "identical" if valid else ("altered" if found.signature_ok is False else "dcc_not_issued")
    message = str(MESSAGES[verdict]())
    if found.signature_note:
        message = f"{message} {found.signature_note}"
    return Status(200, {
        "valid": valid, "verdict": verdict, "message": message, "kind": "xml", "identical": found.identical,
        "revision": None, "sha256": found.sha256,
        "report": _report_out(request, report) if report is not None else None,
        "signature": {"found": found.signature_found, "intact": bool(found.signature_ok),
                      "valid": bool(found.signature_ok), "trusted": bool(found.signature_trusted),
                      "signer": found.signer, "level": "", "checked": found.signature_ok is not None},
    })
