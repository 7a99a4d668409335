"""The electronic signature (TTE): each head of centre's key is a passphrase-protected PKCS#12 file
under settings.SIGNING_KEY_DIR; reports are signed PAdES (ETSI.CAdES.detached) with pyHanko.

The passphrase is only ever passed through: never stored, logged or put into a message.
"""
from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.views.decorators.debug import sensitive_variables

# Room for the CMS signature (a 2048/4096-bit RSA signature, the certificate chain and the signed
# attributes take 3-8 kB).
CMS_BYTES_RESERVED = 16384


def key_path(user) -> Path:
    """Where the PKCS#12 key of `user` (a head of centre) lives."""
    return Path(settings.SIGNING_KEY_DIR) / f"{user.username}.p12"


def has_key(user) -> bool:
    return key_path(user).is_file()


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
    return signer  # pyHanko may also answer None: the caller treats both as a wrong passphrase


def sign_pdf(pdf: bytes, signer, *, name: str, reason: str, location: str) -> bytes:
    """`pdf` signed with `signer`: an invisible PAdES signature field over the whole document (the
    visible block with the QR code is part of the rendered page)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name="TTE", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        name=name, reason=reason, location=location,
    )
    # Reserving room for the CMS blob up front spares pyHanko a dummy signature to measure it.
    out = signers.sign_pdf(writer, meta, signer=signer, bytes_reserved=CMS_BYTES_RESERVED)
    return out.getvalue()
