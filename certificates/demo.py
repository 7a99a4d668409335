"""Demo signing keys and the demo road's steps 17-20.

Demo keys: `ensure_demo_keys()` gives every active head of centre (role KEPALA_BALAI) without a
key a PKCS#12 file under settings.SIGNING_KEY_DIR, issued by a demo root CA ("SIPPT Demo CA",
kept in the same folder and reused). Every demo key is protected by the demo passphrase

    DEMO_PASSPHRASE = "TTE-Demo-2026"

which is what the head of centre types at step 19 in a demo installation. These keys are for
demonstration only: a real installation puts the BSrE-issued PKCS#12 of each head of centre at
SIGNING_KEY_DIR/<username>.p12, protected by that person's own passphrase. Keys are never
committed (var/ is ignored by git).
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.conf import settings

DEMO_PASSPHRASE = "TTE-Demo-2026"
CA_NAME = "SIPPT Demo CA"
CA_CERT_FILE = "demo-ca.pem"
CA_KEY_FILE = "demo-ca-key.pem"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def _new_key():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def demo_ca():
    """(certificate, private key) of the demo root CA, created once and reused."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    folder = Path(settings.SIGNING_KEY_DIR)
    cert_path, key_path = folder / CA_CERT_FILE, folder / CA_KEY_FILE
    if cert_path.is_file() and key_path.is_file():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return cert, key
    key = _new_key()
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, settings.BALAI_SHORT),
        x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME),
    ])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write(key_path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    _write(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def demo_ca_certificate_der() -> bytes:
    from cryptography.hazmat.primitives import serialization

    return demo_ca()[0].public_bytes(serialization.Encoding.DER)


def key_organisation(user) -> str:
    """The organisation a head of centre's demo certificate names: the short name of the one unit they
    head; the installation's (BALAI_SHORT) for someone heading none or several. The demo CA and the demo
    TSA (certificates.pki) keep the installation's name: one CA and one TSA serve every unit."""
    from accounts.roles import Role
    from units.models import Unit

    units = user.units_of(Role.KEPALA_BALAI)
    if len(units) == 1:
        unit = Unit.objects.filter(pk=next(iter(units))).only("short_name", "name").first()
        if unit is not None:
            return unit.short_name or unit.name
    return settings.BALAI_SHORT


def issue_demo_key(user, passphrase: str = DEMO_PASSPHRASE) -> Path:
    """Write a PKCS#12 key for `user`, certified by the demo CA, protected by `passphrase`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    from certificates import pki
    from certificates.signing import key_path

    ca_cert, ca_key = demo_ca()
    key = _new_key()
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
             x509.NameAttribute(NameOID.ORGANIZATION_NAME, key_organisation(user)),
             x509.NameAttribute(NameOID.COMMON_NAME, user.full_name or user.username)]
    if user.nip:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, user.nip))
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(x509.Name(attrs)).issuer_name(ca_cert.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .add_extension(pki.crl_distribution_point(), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    blob = pkcs12.serialize_key_and_certificates(
        (user.username).encode(), key, cert, [ca_cert], BestAvailableEncryption(passphrase.encode("utf-8")))
    path = key_path(user)
    _write(path, blob)
    return path


def _outdated_demo_key(user) -> bool:
    """Whether `user`'s key is a demo key (it opens with the demo passphrase and the demo CA issued it)
    whose certificate does not name the demo CA's CRL address, or names another unit than the one the
    user heads: such keys (made before the demo PKI published a CRL, or before the user's unit was theirs)
    are issued again. Any other key (a real one) is left alone."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    from certificates import pki
    from certificates.signing import key_path

    try:
        _, cert, _ = pkcs12.load_key_and_certificates(key_path(user).read_bytes(), DEMO_PASSPHRASE.encode())
    except (ValueError, TypeError):
        return False
    if cert is None or cert.issuer != demo_ca()[0].subject:
        return False
    from cryptography.x509.oid import NameOID

    named = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)]
    return not pki._names_crl_url(cert) or named != [key_organisation(user)]


def ensure_demo_keys() -> list[str]:
    """Give every active head of centre without a key (or with a demo key from before the demo CRL) a
    demo key, and make the demo TSA and CRL where missing; returns the usernames given a key."""
    from accounts.models import User
    from accounts.roles import Role
    from certificates import pki
    from certificates.signing import has_key

    made = []
    for user in User.objects.filter(roles__role=Role.KEPALA_BALAI, is_active=True).distinct():
        if not has_key(user) or _outdated_demo_key(user):
            issue_demo_key(user)
            made.append(user.username)
    pki.ensure_demo_pki()
    return made


# --- the demo road, steps 17-20 (see demo.road.ROAD) ---

# The demo road's steps 17-20, each a move through the one mapping from code to service (workflow.actions.play).

def number_reports(users, order):
    from workflow.actions import play

    play([(users["ketua_pji"], "order.number_reports", order.pk, {})])


def request_signature(users, order):
    from workflow.actions import play

    play([(users["cs"], "order.request_signature", order.pk, {"signer": users["kepala_balai"].pk})])


def sign(users, order):
    from workflow.actions import play

    ensure_demo_keys()
    play([(users["kepala_balai"], "order.sign", order.pk, {"passphrase": DEMO_PASSPHRASE})])


def forward(users, order):
    from workflow.actions import play

    play([(users["cs"], "order.forward", order.pk, {})])
