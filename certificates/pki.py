"""The demo public-key infrastructure for long-term signatures (PAdES B-LTA) in the demo and CI.

Beside the demo root CA of certificates.demo (SIGNING_KEY_DIR/demo-ca.pem), generated at set-up and
never committed (var/ is ignored by git):

- a timestamp authority (TSA) certificate issued by the demo CA, extended key usage timeStamping only
  (`demo-tsa.pem`, key `demo-tsa-key.pem`); renewed, with a new key, when less than TSA_RENEW_DAYS of its
  validity are left, so archival timestamps (manage.py archive_timestamps) always come from a TSA
  certificate with years ahead of it;
- the demo CA's certificate revocation list (`demo-ca.crl`, DER), signed by the CA, valid CRL_DAYS ahead
  and made again a day before it runs out or when a certificate is revoked (`revoke()`; the revoked
  serial numbers are kept in `demo-ca-revoked.json`).

Every certificate the demo CA issues carries a CRL distribution point, `crl_url()`, on loopback
(settings.DEMO_PKI_URL, by default the web server of scripts/run); the web server serves the CRL there
and an RFC 3161 timestamp service at `{DEMO_PKI_URL}/tsa` (certificates.pki_views). Signing does not go
through HTTP: the local signer uses the same TSA in-process (`timestamper()`) and hands the CRL to
pyHanko directly, so tests and batches need no server.
"""
from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

from django.conf import settings

TSA_CERT_FILE = "demo-tsa.pem"
TSA_KEY_FILE = "demo-tsa-key.pem"
CRL_FILE = "demo-ca.crl"
REVOKED_FILE = "demo-ca-revoked.json"
TSA_NAME = "SIPPT Demo TSA"
TSA_VALID_DAYS = 3 * 365
TSA_RENEW_DAYS = 365
CRL_DAYS = 7
CRL_REMAKE_BEFORE = dt.timedelta(days=1)
# A CRL (and a TSA certificate) is dated a little in the past: a second machine whose clock is a few
# minutes behind still sees it as issued.
BACKDATE = dt.timedelta(minutes=10)

_lock = threading.Lock()
_cache: dict[str, tuple] = {}  # file name -> (mtime, loaded object)


def folder() -> Path:
    return Path(settings.SIGNING_KEY_DIR)


def base_url() -> str:
    return getattr(settings, "DEMO_PKI_URL", "http://127.0.0.1:8000/pki").rstrip("/")


def crl_url() -> str:
    return f"{base_url()}/crl/{CRL_FILE}"


def tsa_url() -> str:
    return f"{base_url()}/tsa"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def crl_distribution_point():
    """The X.509 extension naming where the demo CA's CRL is published."""
    from cryptography import x509

    return x509.CRLDistributionPoints([x509.DistributionPoint(
        full_name=[x509.UniformResourceIdentifier(crl_url())], relative_name=None, reasons=None, crl_issuer=None)])


def has_crl_distribution_point(cert) -> bool:
    """Whether a `cryptography` certificate names a CRL distribution point."""
    from cryptography import x509

    try:
        cert.extensions.get_extension_for_class(x509.CRLDistributionPoints)
    except x509.ExtensionNotFound:
        return False
    return True


def _cached(name: str, load):
    """`load(path)` for the file `name` of the key folder, kept while the file is unchanged."""
    return _cached_as("", name, load)


def _cached_as(kind: str, name: str, load):
    path = folder() / name
    mtime = path.stat().st_mtime_ns
    key = f"{kind}:{path}"
    hit = _cache.get(key)
    if hit is not None and hit[0] == mtime:
        return hit[1]
    value = load(path)
    _cache[key] = (mtime, value)
    return value


# --- the timestamp authority ----------------------------------------------------------------------

def _issue_tsa(now: dt.datetime, valid_days: int = TSA_VALID_DAYS):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    from certificates.demo import _new_key, _write, demo_ca

    ca_cert, ca_key = demo_ca()
    key = _new_key()
    # One TSA stamps every unit's signatures: it names the installation, not a unit.
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, settings.BALAI_SHORT),
                      x509.NameAttribute(NameOID.COMMON_NAME, f"{TSA_NAME} {now:%Y%m%d%H%M%S}")])
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(ca_cert.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE).not_valid_after(now + dt.timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        # RFC 3161 2.3: the TSA's certificate has timeStamping as its only extended key usage, critical.
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .add_extension(crl_distribution_point(), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    _write(folder() / TSA_KEY_FILE, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                      serialization.NoEncryption()))
    _write(folder() / TSA_CERT_FILE, cert.public_bytes(serialization.Encoding.PEM))
    return cert


def ensure_tsa(now: dt.datetime | None = None, *, valid_days: int = TSA_VALID_DAYS) -> bool:
    """Issue the demo TSA's certificate when there is none or it has less than TSA_RENEW_DAYS left (or
    its CRL address is not the configured one); True when one was issued."""
    from cryptography import x509

    now = now or _now()
    path = folder() / TSA_CERT_FILE
    with _lock:
        if path.is_file() and (folder() / TSA_KEY_FILE).is_file():
            cert = x509.load_pem_x509_certificate(path.read_bytes())
            if cert.not_valid_after_utc - now > dt.timedelta(days=TSA_RENEW_DAYS) and _names_crl_url(cert):
                return False
        _issue_tsa(now, valid_days)
        return True


def _names_crl_url(cert) -> bool:
    from cryptography import x509

    try:
        points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    except x509.ExtensionNotFound:
        return False
    return any(name.value == crl_url() for point in points for name in (point.full_name or ()))


def _load_tsa(path: Path):
    from asn1crypto import keys, pem, x509

    cert = x509.Certificate.load(pem.unarmor(path.read_bytes())[2])
    key = keys.PrivateKeyInfo.load(pem.unarmor((folder() / TSA_KEY_FILE).read_bytes())[2])
    return cert, key


def tsa_certificate_and_key():
    """(asn1crypto certificate, private key info) of the demo TSA, issued when missing or due."""
    ensure_tsa()
    return _cached(TSA_CERT_FILE, _load_tsa)


def timestamper():
    """pyHanko's in-process RFC 3161 timestamper signing with the demo TSA's key: the same tokens the
    TSA at tsa_url() answers with, without an HTTP round trip. One per process while the TSA
    certificate is unchanged (it keeps its parsed key)."""
    ensure_tsa()
    return _cached_as("timestamper", TSA_CERT_FILE, lambda path: _KeptKeyTimeStamper(*_load_tsa(path),
                                                                                    certs_to_embed=[ca_certificate()]))


def _kept_key_timestamper_class():
    from asn1crypto import cms, core
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.sign import general
    from pyhanko.sign.general import get_pyca_cryptography_hash, simple_cms_attribute
    from pyhanko.sign.timestamps import DummyTimeStamper

    class KeptKeyTimeStamper(DummyTimeStamper):
        """DummyTimeStamper parses its RSA key at every token (a third of a timestamp's cost); this one
        parses it once. The signed attributes are those of pyHanko's DummyTimeStamper._sign_tst_info."""

        _loaded = None

        def _sign_tst_info(self, tst_info_data, md_algorithm, dt):
            digest = hashes.Hash(get_pyca_cryptography_hash(md_algorithm))
            digest.update(tst_info_data)
            signed_attrs = cms.CMSAttributes([
                simple_cms_attribute("content_type", "tst_info"),
                simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(dt)})),
                simple_cms_attribute("signing_certificate", general.as_signing_certificate(self.tsa_cert)),
                simple_cms_attribute("message_digest", digest.finalize()),
            ])
            if self._loaded is None:
                self._loaded = serialization.load_der_private_key(self.tsa_key.dump(), password=None)
            signature = self._loaded.sign(signed_attrs.dump(), PKCS1v15(),
                                          get_pyca_cryptography_hash(md_algorithm.upper()))
            return signature, signed_attrs

    return KeptKeyTimeStamper


def _KeptKeyTimeStamper(*args, **kwargs):  # noqa: N802 -- a class made on first use (pyHanko loads lazily)
    global _kept_key_class
    if _kept_key_class is None:
        _kept_key_class = _kept_key_timestamper_class()
    return _kept_key_class(*args, **kwargs)


_kept_key_class = None


def ca_certificate():
    """The demo CA's certificate (asn1crypto)."""
    from certificates.demo import demo_ca_certificate_der

    def load(path):
        from asn1crypto import x509

        return x509.Certificate.load(demo_ca_certificate_der())

    demo_ca_certificate_der()  # made when missing
    from certificates.demo import CA_CERT_FILE

    return _cached(CA_CERT_FILE, load)


def is_demo_issued(cert) -> bool:
    """Whether an asn1crypto certificate was issued by this installation's demo CA."""
    from certificates.demo import CA_CERT_FILE

    if not (folder() / CA_CERT_FILE).is_file():
        return False
    return cert.issuer == ca_certificate().subject


# --- the certificate revocation list ---------------------------------------------------------------

def revoked_serials() -> dict[int, str]:
    """Serial number -> revocation time (ISO) of every certificate the demo CA has revoked."""
    path = folder() / REVOKED_FILE
    if not path.is_file():
        return {}
    return {int(k): v for k, v in json.loads(path.read_text()).items()}


def revoke(serial: int, when: dt.datetime | None = None) -> None:
    """Put a certificate of the demo CA on its CRL (and publish the CRL again at once)."""
    from certificates.demo import _write

    with _lock:
        serials = revoked_serials()
        serials[int(serial)] = (when or _now()).isoformat()
        _write(folder() / REVOKED_FILE, json.dumps({str(k): v for k, v in serials.items()}).encode())
        _make_crl(_now())


def _make_crl(now: dt.datetime) -> bytes:
    from certificates.demo import _write

    der = build_crl(now)
    _write(folder() / CRL_FILE, der)
    return der


def build_crl(now: dt.datetime) -> bytes:
    """The demo CA's CRL as issued at `now` (DER), with every revocation so far; not published."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    from certificates.demo import demo_ca

    ca_cert, ca_key = demo_ca()
    number = int(now.timestamp())
    builder = (x509.CertificateRevocationListBuilder().issuer_name(ca_cert.subject)
               .last_update(now - BACKDATE).next_update(now + dt.timedelta(days=CRL_DAYS))
               .add_extension(x509.CRLNumber(number), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                              critical=False))
    for serial, when in sorted(revoked_serials().items()):
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial)
            .revocation_date(dt.datetime.fromisoformat(when)).build())
    return builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def crl_der(now: dt.datetime | None = None) -> bytes:
    """The demo CA's current CRL (DER), made again when missing or within a day of its next update."""
    now = now or _now()
    with _lock:
        crl = _crl_object()
        if crl is None or crl.next_update_utc - now < CRL_REMAKE_BEFORE:
            return _make_crl(now)
    return (folder() / CRL_FILE).read_bytes()


def _crl_object():
    from cryptography import x509

    path = folder() / CRL_FILE
    if not path.is_file():
        return None
    return _cached(CRL_FILE, lambda p: x509.load_der_x509_crl(p.read_bytes()))


def crl():
    """The current CRL as an asn1crypto object, for pyHanko's validation context."""
    crl_der()
    return _cached_as("asn1", CRL_FILE, lambda p: _load_asn1_crl(p))


def _load_asn1_crl(path: Path):
    from asn1crypto import crl as asn1_crl

    return asn1_crl.CertificateList.load(path.read_bytes())


def ensure_demo_pki() -> None:
    """The demo CA, its TSA and its CRL, made where missing (called at set-up with the demo keys)."""
    from certificates.demo import demo_ca

    demo_ca()
    ensure_tsa()
    crl_der()
