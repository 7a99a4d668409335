"""The DCC in the report's life: checked when the report is numbered (step 17), built with the issue date,
signed (XML-DSig) and embedded in the PDF when it is signed (step 19), and kept beside the signed PDF.

- `check_numbered(reports)`: each report's DCC must validate, or the numbering is refused with the
  schema's message (TransitionNotAllowed).
- `issued_dcc(report, open_signer, issued_on, user)`: the validated DCC dated `issued_on`, carrying an
  enveloped XML signature (`ds:Signature`, the last child of the DCC root, where schema 3.3.0 allows it)
  made with the local signer's key and certificate. A remote signer (BSrE) holds no key here: its DCC is
  delivered without `ds:Signature`, covered by the PDF's signature only.
- `embedded_dcc(pdf)`: the DCC XML carried in a PDF's associated files (/AF), byte for byte.
- `store_dcc(report, signed_pdf, saved)`: keeps the signed PDF's embedded DCC in `Report.dcc_xml` and its
  SHA-256 in `Report.dcc_sha256` (the verify page and API find an uploaded DCC by it).
"""
from __future__ import annotations

import hashlib
import io

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from lxml import etree

from certificates import dcc

DS_NS = "http://www.w3.org/2000/09/xmldsig#"


def _refusal(report, error: dcc.DccError):
    from workflow.engine import TransitionNotAllowed

    return TransitionNotAllowed(_("DCC (sertifikat kalibrasi digital) E-LHU %(n)s tidak valid: %(why)s")
                                % {"n": report.number, "why": str(error)})


def check_numbered(reports) -> None:
    """Step 17: build and validate each report's DCC (without issue date); TransitionNotAllowed with the
    schema's message for the first one that does not validate."""
    for report in reports:
        try:
            dcc.dcc_xml(report)
        except dcc.DccError as error:
            raise _refusal(report, error) from None


# --- the enveloped XML signature -----------------------------------------------------------------------

def key_material(open_signer):
    """(private key, certificate) as `cryptography` objects of an open signer that holds its key here
    (certificates.signers.LocalOpenSigner.key_and_certificate), or None for a remote signer (BSrE)."""
    method = getattr(open_signer, "key_and_certificate", None)
    return method() if method is not None else None


def sign_xml(xml: bytes, key, cert) -> bytes:
    """`xml` with an enveloped RSA-SHA256 XML signature over the whole document (reference URI ""), the
    signer's certificate in its KeyInfo, appended as the root's last child."""
    from signxml import XMLSigner

    root = etree.fromstring(xml, dcc._parser())
    signed = XMLSigner().sign(root, key=key, cert=[cert])
    return etree.tostring(signed, xml_declaration=True, encoding="UTF-8")


def verify_xml(xml: bytes, cert) -> bytes:
    """The signed content of `xml` when its XML signature verifies against `cert` (a `cryptography`
    certificate or PEM); signxml's InvalidSignature otherwise."""
    from signxml import XMLVerifier

    return XMLVerifier().verify(xml, x509_cert=cert, parser=dcc._parser()).signed_data


def issued_dcc(report, open_signer, issued_on, user) -> bytes:
    """The DCC the signed E-LHU carries: built dated `issued_on` with `user` as main signer, validated,
    XML-signed with the local key where there is one, and validated again (TransitionNotAllowed with the
    schema's message otherwise)."""
    try:
        xml = dcc.dcc_xml(report, issued_on=issued_on, signer=user)
        material = key_material(open_signer)
        if material is not None:
            xml = sign_xml(xml, *material)
            dcc.validate(xml)
    except dcc.DccError as error:
        raise _refusal(report, error) from None
    return xml


def has_xml_signature(xml: bytes) -> bool:
    root = etree.fromstring(xml, dcc._parser())
    return root.find(f"{{{DS_NS}}}Signature") is not None


# --- inside the PDF, and kept beside it --------------------------------------------------------------

def embedded_dcc(pdf: bytes) -> bytes | None:
    """The DCC XML a PDF carries as an associated file (the first /AF file spec whose name ends in
    ".dcc.xml"), or None."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for spec in doc.Root.get("/AF", []):
            name = str(spec.get("/UF", spec.get("/F", "")))
            if name.endswith(".dcc.xml"):
                return spec.EF.F.read_bytes()
    return None


def store_dcc(report, signed_pdf: bytes, saved: list[str]) -> bool:
    """Keep the DCC embedded in `signed_pdf` as `report.dcc_xml` with its SHA-256 as `report.dcc_sha256`
    (not saved to the row: the caller's update_fields include both); `saved` names the file written.
    False when the PDF carries none."""
    from certificates.content import dcc_file_name

    xml = embedded_dcc(signed_pdf)
    if xml is None:
        return False
    report.dcc_xml.save(dcc_file_name(report), ContentFile(xml), save=False)
    report.dcc_sha256 = hashlib.sha256(xml).hexdigest()
    saved.append(report.dcc_xml.name)
    return True


def dcc_download(user, order, report_id) -> tuple:
    """The signed report's DCC XML for `user`, behind the same gate as its PDF (survey first for the
    customer; survey.services.record_report_download checks it, reads the PDF against its hash and records
    the download): (report, XML). The kept XML must be the one inside the intact signed PDF.
    ValidationError when the report has no DCC (signed before DCCs) or is not a signed report of `order`."""
    from django.core.exceptions import ValidationError

    from certificates.models import Report
    from survey.services import record_report_download
    from workflow.engine import TransitionNotAllowed

    if not Report.objects.filter(pk=report_id, order=order).exclude(dcc_xml="").exists():
        raise ValidationError(_("E-LHU ini tidak memiliki DCC."))
    report, pdf = record_report_download(user, order, report_id)
    with report.dcc_xml.open("rb") as fh:
        xml = fh.read()
    if xml != embedded_dcc(pdf):
        raise TransitionNotAllowed(_("Berkas DCC E-LHU %(n)s tidak utuh; hubungi admin.") % {"n": report.number})
    return report, xml


def xml_response(xml: bytes, filename: str):
    from django.http import HttpResponse

    response = HttpResponse(xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
