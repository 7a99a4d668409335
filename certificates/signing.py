"""The electronic signature (TTE): each head of centre's key is a passphrase-protected PKCS#12 file
under settings.SIGNING_KEY_DIR; reports are signed PAdES (ETSI.CAdES.detached) with pyHanko.

The passphrase is only ever passed through: never stored, logged or put into a message.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.views.decorators.debug import sensitive_variables

# Room for the CMS signature (a 2048/4096-bit RSA signature, the certificate chain and the signed
# attributes take 3-8 kB).
CMS_BYTES_RESERVED = 16384
# A timestamp token carries the TSA's own signature and certificates.
TIMESTAMP_BYTES_RESERVED = 12288


def key_path(user) -> Path:
    """Where the PKCS#12 key of `user` (a head of centre) lives."""
    return Path(settings.SIGNING_KEY_DIR) / f"{user.username}.p12"


def has_key(user) -> bool:
    return key_path(user).is_file()


def _kept_key_signer(signer):
    """`signer` (a pyHanko SimpleSigner) turned into one that parses its private key once: pyHanko
    re-reads and re-validates the key at every signature, which costs more than the RSA signature
    itself; a batch signs many reports with one opened key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign.general import get_pyca_cryptography_hash
    from pyhanko.sign.signers import SimpleSigner

    class KeptKeySigner(SimpleSigner):
        _loaded_key = None

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                algo = mechanism.signature_algo
            except ValueError:
                algo = mechanism["algorithm"].native
            if algo != "rsassa_pkcs1v15":
                return super().sign_raw(data, digest_algorithm)
            if self._loaded_key is None:
                self._loaded_key = serialization.load_der_private_key(self.signing_key.dump(), password=None)
            assert isinstance(self._loaded_key, RSAPrivateKey)
            return self._loaded_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))

    return KeptKeySigner(signing_cert=signer.signing_cert, signing_key=signer.signing_key,
                         cert_registry=signer.cert_registry, signature_mechanism=signer.signature_mechanism)


@sensitive_variables("passphrase")
def load_signer(user, passphrase: str):
    """The pyHanko signer for `user`, or None when the passphrase does not open the key.

    Raises FileNotFoundError when the user has no key installed."""
    from pyhanko.sign import signers

    data = key_path(user).read_bytes()
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=passphrase.encode("utf-8"))
    except (ValueError, TypeError):
        return None
    if signer is None:  # pyHanko answers None (rather than raising) on a wrong passphrase
        return None
    return _kept_key_signer(signer)


def sign_pdf(pdf: bytes, signer, *, name: str, reason: str, location: str, timestamper=None,
             validation_context=None) -> bytes:
    """`pdf` signed with `signer`: an invisible PAdES signature field over the whole document (the
    visible block with the QR code is part of the rendered page), with an RFC 3161 signature
    timestamp when `timestamper` (a pyHanko TimeStamper) is given (B-T). With a `validation_context`
    (pyhanko_certvalidator) as well, the signature is PAdES B-LTA: the certificates and CRLs that
    validate the signer and the TSA go into the document security store (DSS, B-LT) and a document
    timestamp closes the file (B-LTA); see certificates.ltv."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    lta = timestamper is not None and validation_context is not None
    meta = signers.PdfSignatureMetadata(
        field_name="TTE", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        name=name, reason=reason, location=location,
        embed_validation_info=lta, use_pades_lta=lta, validation_context=validation_context,
    )
    # Reserving room for the CMS blob up front spares pyHanko a dummy signature to measure it.
    reserved = CMS_BYTES_RESERVED + (TIMESTAMP_BYTES_RESERVED if timestamper is not None else 0)
    pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper)
    out = pdf_signer.sign_pdf(writer, bytes_reserved=reserved)
    return out.getvalue()


@dataclass
class SignatureCheck:
    """What validating the signature of an uploaded PDF found."""

    found: bool
    intact: bool = False  # the signed bytes are unchanged
    valid: bool = False  # the signature over them is cryptographically good
    trusted: bool = False  # the signer's certificate chains to a trusted root
    signer_name: str = ""
    readable: bool = True  # False: the file is not a PDF the signature reader can open
    checked: bool = True  # False: a signature is there, but it is damaged or of a form that cannot be checked

    @property
    def ok(self) -> bool:
        return self.found and self.checked and self.intact and self.valid


def trust_roots() -> list:
    """Root certificates signatures are checked against: the demo CA of this installation (when
    present) and the PEM files listed in settings.SIGNING_TRUST_ROOTS (e.g. the BSrE root)."""
    from asn1crypto import pem, x509

    paths = [Path(settings.SIGNING_KEY_DIR) / "demo-ca.pem", *map(Path, getattr(settings, "SIGNING_TRUST_ROOTS", []))]
    roots = []
    for path in paths:
        if not path.is_file():
            continue
        data = path.read_bytes()
        for _, _, der in (pem.unarmor(data, multiple=True) if pem.detect(data) else [(None, None, data)]):
            roots.append(x509.Certificate.load(der))
    return roots


def check_signature(pdf: bytes) -> SignatureCheck:
    """Validate the last signature of `pdf` with pyHanko, without fetching anything from the network.
    Any PDF that cannot be read, or has no signature, is reported as not signed."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        # the signature, not a document timestamp that follows it (PAdES B-LTA)
        signatures = reader.embedded_regular_signatures
    except Exception:  # noqa: BLE001 -- not a PDF, or one too damaged to read: say so, not "changed"
        return SignatureCheck(found=False, readable=False)
    if not signatures:
        return SignatureCheck(found=False)
    try:
        status = validate_pdf_signature(signatures[-1], ValidationContext(trust_roots=trust_roots(),
                                                                          allow_fetching=False))
    except Exception:  # noqa: BLE001 -- a damaged or hostile signature: whatever broke, it does not hold
        return SignatureCheck(found=True, checked=False)
    cert = status.signing_cert
    name = str(cert.subject.native.get("common_name", "")) if cert is not None else ""
    return SignatureCheck(found=True, intact=bool(status.intact), valid=bool(status.valid),
                          trusted=bool(status.trusted), signer_name=name)
