"""Checking a DCC XML someone holds (the verify page and POST /api/verify): which report issued it, found
by its SHA-256 among the DCCs kept with the reports (Report.dcc_sha256 of Report.dcc_xml, the one embedded
in the signed PDF) — byte for byte that DCC or none —, and, where signxml is installed and the DCC
carries an enveloped XML signature (ds:Signature), whether that signature verifies with a certificate
chaining to this installation's trusted roots."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

DCC_NS = "https://ptb.de/dcc"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"


@dataclass
class DccCheck:
    sha256: str
    error: str = ""  # not a DCC at all: the message for the reader
    report: object | None = None
    identical: bool = False
    signature_found: bool = False
    signature_ok: bool | None = None  # None: not checked (no signature, or no checker installed)
    signature_trusted: bool = False
    signer: str = ""
    signature_note: str = ""


def _parser():
    from lxml import etree

    # no network, no entities, no DTD: a hostile XML stays inert
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _stored_dcc(report) -> bytes | None:
    field = getattr(report, "dcc_xml", None)
    if not field:
        return None
    try:
        with field.open("rb") as fh:
            return fh.read()
    except OSError:
        return None


def _trust_pem() -> str | None:
    """The trusted roots as one PEM file, for signxml's chain check (None when there are none)."""
    import tempfile

    from asn1crypto import pem

    from certificates.signing import trust_roots

    roots = trust_roots()
    if not roots:
        return None
    handle = tempfile.NamedTemporaryFile("wb", suffix=".pem", delete=False)
    with handle:
        for root in roots:
            handle.write(pem.armor("CERTIFICATE", root.dump()))
    return handle.name


def _check_signature(content: bytes, found: DccCheck) -> None:
    import os

    try:
        from signxml import XMLVerifier
        from signxml.exceptions import InvalidInput, InvalidSignature
    except ImportError:
        found.signature_note = _("Pemeriksaan tanda tangan XML belum tersedia di server ini; keaslian DCC "
                                 "dinilai dari kesamaan byte dengan DCC yang diterbitkan.")
        return
    trust = _trust_pem()
    if trust is None:
        found.signature_note = _("Tidak ada sertifikat akar tepercaya untuk memeriksa tanda tangan XML.")
        return
    try:
        result = XMLVerifier().verify(content, ca_pem_file=trust, parser=_parser())
        found.signature_ok = found.signature_trusted = True
        cert = getattr(result, "signing_cert", None)
        if cert is not None:
            from cryptography.x509.oid import NameOID

            names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME) if hasattr(cert, "subject") else []
            found.signer = names[0].value if names else ""
    except (InvalidSignature, InvalidInput, ValueError):
        found.signature_ok = False
        found.signature_note = _("Tanda tangan XML pada DCC ini tidak sah atau tidak berasal dari penanda "
                                 "tangan tepercaya.")
    except Exception:  # noqa: BLE001 -- a damaged signature element: not valid, never a 500
        found.signature_ok = False
        found.signature_note = _("Tanda tangan XML pada DCC ini rusak dan tidak dapat diperiksa.")
    finally:
        os.unlink(trust)


def check_dcc(content: bytes) -> DccCheck:
    from lxml import etree

    from certificates.models import Report, ReportStatus

    found = DccCheck(sha256=hashlib.sha256(content).hexdigest())
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError:
        found.error = _("Berkas ini bukan XML yang sah.")
        return found
    if root.tag != f"{{{DCC_NS}}}digitalCalibrationCertificate":
        found.error = _("Berkas XML ini bukan DCC (sertifikat kalibrasi digital).")
        return found
    # Found by the SHA-256 of the whole file, as a PDF is: the identifier written inside is not trusted
    # (a DCC whose report number was changed is simply not one issued here).
    found.report = (Report.objects.filter(dcc_sha256=found.sha256).exclude(status=ReportStatus.NUMBERED)
                    .select_related("instrument__instrument_type", "signer", "replaced_by").first())
    if found.report is not None:
        stored = _stored_dcc(found.report)  # the digest is of the kept file: read it back to be sure
        found.identical = stored is not None and stored == content
        if not found.identical:
            found.report = None
    found.signature_found = root.find(f"{{{DS_NS}}}Signature") is not None
    if found.signature_found:
        _check_signature(content, found)
    return found
