"""The signer interface: who turns a rendered report into a signed PDF.

`signer_backend()` picks the implementation named by settings.SIGNER_BACKEND:

- "local": the head of centre's PKCS#12 key under SIGNING_KEY_DIR, unlocked by the passphrase, PAdES
  with pyHanko, PAdES B-LTA (certificates.ltv): a signature timestamp from settings.TSA_URL (or, for a
  key of the demo CA, the demo TSA of certificates.pki), the certificates and CRLs in the DSS, and a
  document timestamp;
- "bsre": the national signing service (BSrE), `POST {BSRE_URL}/api/v2/sign/pdf` with the signer's NIK,
  the passphrase and the signature properties; the PDF travels base64-encoded. When a TSA is configured,
  the validation data and a document timestamp are added to the returned PDF (certificates.ltv).

`backend.open(user, passphrase)` returns an open signer with `sign(pdf, name=, reason=, location=)`.
A batch opens it once and signs every report with it. Failures are `SignerError`s whose message is
written for the person signing; `WrongPassphrase` is audited and counted by the caller. No message,
log line or exception here ever carries the passphrase.
"""
from __future__ import annotations

import base64
import logging

from django.conf import settings
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from certificates import signing

log = logging.getLogger(__name__)


class SignerError(Exception):
    """Signing failed; `message` says why, in words for the signer. The report stays unsigned."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class WrongPassphrase(SignerError):
    """The passphrase does not open the signer's key. Carries no detail on purpose."""


class SignerUnavailable(SignerError):
    """The key or the signing service cannot be used now (no key, NIK not registered, service down)."""


# --- local: PKCS#12 + pyHanko ---------------------------------------------------------------------

def timestamper():
    """pyHanko's RFC 3161 client for settings.TSA_URL, or None when no TSA is configured."""
    url = getattr(settings, "TSA_URL", "")
    if not url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=getattr(settings, "TSA_TIMEOUT", 10))


class LocalOpenSigner:
    """An opened local key; `context` (a pyhanko_certvalidator ValidationContext) is made once and kept
    for every report signed with it (a batch), so the chains and CRL are checked once."""

    def __init__(self, pyhanko_signer, tsa, context=None):
        self._signer = pyhanko_signer
        self._tsa = tsa
        self._context = context

    def key_and_certificate(self):
        """(private key, certificate) of the opened key as `cryptography` objects, for the DCC's XML
        signature (certificates.dcc_issue). The parsed key is shared with the PDF signatures
        (certificates.signing's KeptKeySigner keeps it): parsing an RSA key costs 30-90 ms, so one opened
        key is parsed once in a batch."""
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        inner = self._signer
        loaded = getattr(inner, "_loaded_key", None)
        if loaded is None:
            loaded = serialization.load_der_private_key(inner.signing_key.dump(), password=None)
            if hasattr(inner, "_loaded_key"):
                inner._loaded_key = loaded
        return loaded, x509.load_der_x509_certificate(inner.signing_cert.dump())

    def sign(self, pdf: bytes, *, name: str, reason: str, location: str) -> bytes:
        try:
            return signing.sign_pdf(pdf, self._signer, name=name, reason=reason, location=location,
                                    timestamper=self._tsa, validation_context=self._context)
        except Exception as exc:
            if self._context is not None and _is_revoked(exc):
                log.warning("signing refused: the signer's certificate is revoked or cannot be validated")
                raise SignerUnavailable(_("Sertifikat elektronik Anda telah dicabut atau tidak dapat divalidasi; "
                                          "E-LHU tidak ditandatangani. Hubungi admin.")) from None
            if self._tsa is not None and _is_timestamp_failure(exc):
                log.warning("timestamp authority failed: %s", type(exc).__name__)
                raise SignerUnavailable(_("Layanan cap waktu (TSA) tidak dapat dihubungi; E-LHU tidak "
                                          "ditandatangani. Coba lagi nanti.")) from None
            raise


def _is_revoked(exc: Exception) -> bool:
    from pyhanko_certvalidator.errors import PathValidationError, RevokedError

    seen, cause = 0, exc
    while cause is not None and seen < 5:
        if isinstance(cause, (RevokedError, PathValidationError)):
            return True
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return False


def long_term_setup(signing_cert):
    """(timestamper, validation context) for a local signature by `signing_cert`: settings.TSA_URL,
    or the demo TSA for a key of the demo CA; the context when the revocation data can be had (the demo
    CA's CRL, or fetching allowed by SIGNING_FETCH_REVOCATION). Without a TSA: (None, None), PAdES B-B."""
    from certificates import ltv, pki

    demo = pki.is_demo_issued(signing_cert)
    tsa = timestamper() or (pki.timestamper() if demo else None)
    if tsa is None:
        return None, None
    if demo or ltv._fetching():
        return tsa, ltv.validation_context()
    return tsa, None


def _is_timestamp_failure(exc: Exception) -> bool:
    from pyhanko.sign.general import SigningError

    return isinstance(exc, (SigningError, OSError)) or "timestamp" in type(exc).__name__.lower()


class LocalSigner:
    name = "local"

    @sensitive_variables("passphrase")
    def open(self, user, passphrase: str) -> LocalOpenSigner:
        if not signing.has_key(user):
            raise SignerUnavailable(_("Sertifikat elektronik Anda belum terpasang. Hubungi admin."))
        signer = signing.load_signer(user, passphrase)
        if signer is None:
            raise WrongPassphrase(_("Passphrase salah."))
        return LocalOpenSigner(signer, *long_term_setup(signer.signing_cert))


# --- BSrE: the national signing service -----------------------------------------------------------

# Shapes from public client code, not an official specification (see docs/decisions.md): the answer to
# an error is JSON with "error"/"message" and often "status_code". Wrong passphrase and unregistered NIK
# are recognised by these words and codes.
BSRE_WRONG_PASSPHRASE = ("passphrase", "2031")
BSRE_NOT_REGISTERED = ("tidak terdaftar", "not registered", "belum terdaftar", "2021", "1111")


class BsreOpenSigner:
    @sensitive_variables("passphrase")
    def __init__(self, nik: str, passphrase: str):
        self._nik = nik
        self._passphrase = passphrase

    def _properties(self, reason: str, location: str) -> list[dict]:
        # The visible block with the QR code is part of the rendered page: the service adds none.
        return [{"tampilan": "INVISIBLE", "location": location, "reason": reason,
                 "contactInfo": getattr(settings, "BSRE_CONTACT_INFO", "")}]

    @sensitive_variables("body")
    def sign(self, pdf: bytes, *, name: str, reason: str, location: str) -> bytes:
        import httpx

        body = {"nik": self._nik, "passphrase": self._passphrase,
                "signatureProperties": self._properties(reason, location),
                "file": [base64.b64encode(pdf).decode("ascii")]}
        url = settings.BSRE_URL.rstrip("/") + "/api/v2/sign/pdf"
        auth = (settings.BSRE_USER, settings.BSRE_PASSWORD) if getattr(settings, "BSRE_USER", "") else None
        try:
            response = httpx.post(url, json=body, auth=auth, timeout=settings.BSRE_TIMEOUT)
        except httpx.HTTPError as exc:
            log.warning("BSrE not reachable: %s", type(exc).__name__)
            raise SignerUnavailable(_("Layanan TTE BSrE tidak dapat dihubungi; E-LHU tidak ditandatangani. "
                                      "Coba lagi nanti.")) from None
        finally:
            del body
        return _long_term(_signed_file(response))


def _long_term(signed: bytes) -> bytes:
    """The PDF BSrE signed, with the validation data and a document timestamp added (certificates.ltv)
    when a TSA is configured (BSRE_TSA_URL, else TSA_URL). Should that fail, the signed PDF is kept as
    BSrE returned it (the signature is made and counted there) and manage.py archive_timestamps adds
    the long-term data later."""
    from certificates import ltv

    url = getattr(settings, "BSRE_TSA_URL", "") or getattr(settings, "TSA_URL", "")
    if not url:
        return signed
    from pyhanko.sign.timestamps import HTTPTimeStamper

    try:
        return ltv.extend_to_lta(signed, HTTPTimeStamper(url, timeout=getattr(settings, "TSA_TIMEOUT", 10)))
    except Exception as exc:  # noqa: BLE001 -- keep the signature; the archival command retries
        log.warning("long-term data not added to a BSrE signature: %s", type(exc).__name__)
        return signed


def _answer(response) -> dict:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _signed_file(response) -> bytes:
    data = _answer(response)
    if response.status_code == 200 and data.get("file"):
        files = data["file"]
        try:
            signed = base64.b64decode(files[0] if isinstance(files, list) else files, validate=True)
        except (ValueError, TypeError, IndexError):
            signed = b""
        if signed.startswith(b"%PDF-"):
            return signed
        raise SignerUnavailable(_("Layanan TTE BSrE mengirim jawaban yang tidak dapat dibaca; E-LHU tidak "
                                  "ditandatangani."))
    said = " ".join(str(data.get(k, "")) for k in ("status_code", "error", "message")).lower()
    log.warning("BSrE refused to sign: HTTP %s, code %s", response.status_code, data.get("status_code", "-"))
    if any(word in said for word in BSRE_WRONG_PASSPHRASE) or response.status_code == 401 and not said.strip():
        raise WrongPassphrase(_("Passphrase salah."))
    if any(word in said for word in BSRE_NOT_REGISTERED):
        raise SignerUnavailable(_("NIK Anda tidak terdaftar pada BSrE atau sertifikat elektronik Anda sudah "
                                  "kedaluwarsa. Hubungi admin/BSrE."))
    if response.status_code >= 500:
        raise SignerUnavailable(_("Layanan TTE BSrE sedang bermasalah (HTTP %(code)s); E-LHU tidak "
                                  "ditandatangani. Coba lagi nanti.") % {"code": response.status_code})
    raise SignerUnavailable(_("Layanan TTE BSrE menolak permintaan (HTTP %(code)s); E-LHU tidak "
                              "ditandatangani.") % {"code": response.status_code})


class BsreSigner:
    name = "bsre"

    @sensitive_variables("passphrase")
    def open(self, user, passphrase: str) -> BsreOpenSigner:
        if not getattr(settings, "BSRE_URL", ""):
            raise SignerUnavailable(_("Alamat layanan TTE BSrE belum diatur. Hubungi admin."))
        if not user.nik:
            raise SignerUnavailable(_("NIK Anda belum diisi pada akun; BSrE memerlukannya. Hubungi admin."))
        return BsreOpenSigner(user.nik, passphrase)


BACKENDS = {"local": LocalSigner, "bsre": BsreSigner}


def signer_backend():
    name = getattr(settings, "SIGNER_BACKEND", "local") or "local"
    try:
        return BACKENDS[name]()
    except KeyError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"SIGNER_BACKEND must be one of {sorted(BACKENDS)}, not {name!r}") from None
