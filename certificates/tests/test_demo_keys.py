"""The demo signing keys: one per head of centre, issued by one reused demo CA, opened by the demo passphrase."""
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings

from certificates.demo import CA_CERT_FILE, DEMO_PASSPHRASE, ensure_demo_keys, issue_demo_key
from certificates.signing import key_path


def test_each_head_of_centre_gets_a_key_once_from_the_same_demo_ca(users):
    head = users["kepala_balai"]
    key_path(head).unlink(missing_ok=True)
    assert ensure_demo_keys() == [head.username]
    ca_pem = (settings.SIGNING_KEY_DIR / CA_CERT_FILE).read_bytes()
    assert ensure_demo_keys() == []

    key, cert, chain = pkcs12.load_key_and_certificates(key_path(head).read_bytes(), DEMO_PASSPHRASE.encode())
    assert cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == head.full_name
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert cert.issuer == x509.load_pem_x509_certificate(ca_pem).subject
    assert [c.subject for c in chain] == [cert.issuer]

    issue_demo_key(head)  # a re-issued key keeps the CA
    assert (settings.SIGNING_KEY_DIR / CA_CERT_FILE).read_bytes() == ca_pem
