"""Long-term signatures (PAdES B-LTA) with the demo PKI: the local signer's signature carries a
signature timestamp, the certificates and CRL in the DSS and a document timestamp; it validates with no
network and only the demo CA trusted; pdfsig agrees; an archival timestamp keeps it valid after the
first TSA certificate expired; a revoked certificate is reported revoked. Few real signatures: one
shared B-LTA PDF for the module."""
import datetime as dt
import io
import shutil
import socket
import subprocess

import pytest

from certificates import ltv, pki, signing
from certificates.signers import LocalOpenSigner, SignerUnavailable, long_term_setup

UTC = dt.timezone.utc


def blank_pdf() -> bytes:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PdfFileWriter

    writer = PdfFileWriter()
    writer.insert_page(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Page"),
        generic.NameObject("/MediaBox"): generic.ArrayObject([generic.NumberObject(n) for n in (0, 0, 595, 842)])}))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def demo_signer(common_name: str):
    """A pyHanko signer with a fresh key certified by the demo CA (with its CRL distribution point), as
    certificates.demo issues a head of centre's key."""
    from asn1crypto import keys, x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from certificates.demo import _new_key, demo_ca

    ca_cert, ca_key = demo_ca()
    key = _new_key()
    now = dt.datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
            .issuer_name(ca_cert.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3 * 365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(pki.crl_distribution_point(), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=keys.PrivateKeyInfo.load(key.private_bytes(serialization.Encoding.DER,
                                                               serialization.PrivateFormat.PKCS8,
                                                               serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs([pki.ca_certificate()]))


def sign_lta(signer, timestamper=None) -> bytes:
    tsa, context = long_term_setup(signer.signing_cert)
    return LocalOpenSigner(signer, timestamper or tsa, context).sign(
        blank_pdf(), name="Kepala Balai", reason="E-LHU 0001/LHU/UJI", location="Palembang")


@pytest.fixture(scope="module")
def head():
    return demo_signer("Kepala Balai Uji")


@pytest.fixture(scope="module")
def lta_pdf(head):
    return sign_lta(head)


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("validation tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _reader(pdf):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf))


def test_a_local_signature_is_pades_b_lta_and_validates_offline_with_only_the_demo_ca(lta_pdf, head, no_network):
    reader = _reader(lta_pdf)
    [signature] = reader.embedded_regular_signatures
    [document_timestamp] = reader.embedded_timestamp_signatures
    assert ltv.has_signature_timestamp(signature)  # B-T: a signature timestamp
    assert document_timestamp.signed_revision > signature.signed_revision  # B-LTA: a document timestamp after
    dss = reader.root["/DSS"]
    crls = [bytes(ref.get_object().data) for ref in dss["/CRLs"]]
    certs = [bytes(ref.get_object().data) for ref in dss["/Certs"]]
    assert crls  # the demo CA's CRL (next test)
    assert head.signing_cert.dump() in certs and pki.ca_certificate().dump() in certs
    assert ltv.signature_level(lta_pdf) == ltv.B_LTA
    found = ltv.check_long_term(lta_pdf)
    assert found.passed and found.indication == "OK" and not found.revoked
    assert found.oldest_archive_time is not None
    status = signing.check_signature(lta_pdf)
    assert status.ok and status.trusted and status.signer_name == "Kepala Balai Uji"


def test_the_dss_crl_is_the_demo_cas_and_lists_no_revocation(lta_pdf):
    from asn1crypto import crl

    reader = _reader(lta_pdf)
    [first, *_] = [crl.CertificateList.load(bytes(ref.get_object().data)) for ref in reader.root["/DSS"]["/CRLs"]]
    assert first.issuer == pki.ca_certificate().subject
    assert not first["tbs_cert_list"]["revoked_certificates"]


def _pdfsig(path) -> str:
    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig (poppler-utils) is not installed; .ci/run installs it")
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout


def test_pdfsig_reports_the_signature_valid_and_lists_the_document_timestamp(lta_pdf, tmp_path):
    path = tmp_path / "lta.pdf"
    path.write_bytes(lta_pdf)
    out = _pdfsig(path)
    first, second = out.split("Signature #2:")
    assert "Signature #1:" in first and "Signature is Valid." in first and "ETSI.CAdES.detached" in first
    # The document timestamp is listed with the demo TSA as its signer; poppler 22.12 (Debian 12) does not
    # verify ETSI.RFC3161 document timestamps ("not yet verified"), pyHanko does (test above).
    assert pki.TSA_NAME in second


def test_pdfsig_sees_a_changed_byte_in_the_signed_part(lta_pdf, tmp_path):
    content = bytearray(lta_pdf)
    at = content.index(b"/MediaBox")  # inside the first signed byte range
    content[at + 1] = ord("N")  # /MediaBox -> /NediaBox
    path = tmp_path / "changed.pdf"
    path.write_bytes(bytes(content))
    first = _pdfsig(path).split("Signature #2:")[0]
    assert "Signature is Valid." not in first
    assert not signing.check_signature(bytes(content)).ok


def short_lived_tsa(days: int):
    """A DummyTimeStamper with a demo-CA TSA certificate valid for `days` days only (the files of the demo
    TSA are renewed afterwards by pki.ensure_tsa, as the archival run would find them)."""
    from pyhanko.sign.timestamps import DummyTimeStamper

    pki._issue_tsa(dt.datetime.now(UTC), valid_days=days)
    cert, key = pki._load_tsa(pki.folder() / pki.TSA_CERT_FILE)
    pki.ensure_tsa()  # the next timestamps come from a TSA certificate with years ahead of it
    return DummyTimeStamper(tsa_cert=cert, tsa_key=key, certs_to_embed=[pki.ca_certificate()])


def test_an_archival_timestamp_adds_a_revision_and_outlives_the_first_tsa_certificate(head, no_network):
    signed = sign_lta(head, timestamper=short_lived_tsa(20))
    first_expiry = ltv.last_timestamp_expiry(signed)
    assert first_expiry < dt.datetime.now(UTC) + dt.timedelta(days=21)

    archived = ltv.add_archival_timestamp(signed)
    assert archived.startswith(signed)  # an incremental revision: every earlier byte kept
    reader = _reader(archived)
    first, second = reader.embedded_timestamp_signatures
    assert second.signed_revision > first.signed_revision
    assert ltv.last_timestamp_expiry(archived) > first_expiry + dt.timedelta(days=365)

    later = dt.datetime.now(UTC) + dt.timedelta(days=60)  # the first TSA certificate has expired
    assert first.signer_cert["tbs_certificate"]["validity"]["not_after"].native < later
    # the validator of that day holds that day's CRL (for the newest TSA certificate, still in force)
    from asn1crypto import crl

    that_days_crl = crl.CertificateList.load(pki.build_crl(later))
    found = ltv.check_long_term(archived, at=later, crls=[that_days_crl])
    assert found.passed, found.indication
    assert found.level == ltv.B_LTA
    # without the archival timestamp, the expired TSA certificate leaves nothing to prove the time with
    assert not ltv.check_long_term(signed, at=later, crls=[that_days_crl]).passed


def test_a_revoked_signing_certificate_is_reported_revoked():
    from datetime import timedelta

    victim = demo_signer("Kunci Dicuri")
    signed = sign_lta(victim)
    serial = victim.signing_cert.serial_number
    # the key was reported stolen before this signature was made: the CRL says so from then on
    pki.revoke(serial, when=dt.datetime.now(UTC) - timedelta(hours=1))
    found = ltv.check_long_term(signed, crls=[pki.crl()])
    assert found.revoked and not found.passed
    with pytest.raises(SignerUnavailable, match="dicabut"):
        sign_lta(victim)  # and the local signer refuses to sign with it


def test_the_served_tsa_answers_an_rfc3161_request_and_the_crl_is_published(client, head):  # head: the demo CA exists
    from asn1crypto import algos, tsp
    from django.urls import reverse

    request = tsp.TimeStampReq({"version": 1, "message_imprint": tsp.MessageImprint({
        "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}), "hashed_message": b"\x01" * 32}),
        "nonce": 12345, "cert_req": True})
    response = client.post(reverse("pki_tsa"), request.dump(), content_type="application/timestamp-query")
    assert response.status_code == 200 and response["Content-Type"] == "application/timestamp-reply"
    answer = tsp.TimeStampResp.load(response.content)
    assert answer["status"]["status"].native == "granted"
    info = answer["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed
    assert info["nonce"].native == 12345 and info["message_imprint"]["hashed_message"].native == b"\x01" * 32
    assert client.post(reverse("pki_tsa"), b"junk", content_type="application/timestamp-query").status_code == 400
    oversized = client.post(reverse("pki_tsa"), request.dump() + b"\0" * 5000,
                            content_type="application/timestamp-query")
    assert oversized.status_code == 400 and b"too large" in oversized.content
    crl = client.get(reverse("pki_crl"))
    assert crl.status_code == 200 and crl["Content-Type"] == "application/pkix-crl"
    assert reverse("pki_crl") in pki.crl_url()
