"""The two signers behind settings.SIGNER_BACKEND: the local pyHanko signer (with an RFC 3161
timestamp where a TSA is configured) and the BSrE client, each against a server on loopback."""
import base64
import datetime as dt
import io
import json

import pytest

from certificates import services
from certificates.demo import DEMO_PASSPHRASE, demo_ca
from certificates.models import ReportStatus
from certificates.tests.conftest import free_port_url, signature_status
from workflow.engine import TransitionNotAllowed
from workflow.models import AuditEntry
from workflow.states import OrderState

NIK = "1671010101800001"


def _tsa_stamper():
    """pyHanko's DummyTimeStamper with a timestamping certificate issued by the demo CA."""
    from asn1crypto import keys, x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    ca_cert, ca_key = demo_ca()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Uji TSA")]))
            .issuer_name(ca_cert.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(ca_key, hashes.SHA256()))
    tsa_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    tsa_key = keys.PrivateKeyInfo.load(key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    ca = asn1_x509.Certificate.load(ca_cert.public_bytes(serialization.Encoding.DER))
    return DummyTimeStamper(tsa_cert=tsa_cert, tsa_key=tsa_key,
                            certs_to_embed=SimpleCertificateStore.from_certs([ca]))


def _tsa_handler(stamper):
    from asn1crypto import tsp

    def handle(path, body):
        response = stamper.request_tsa_response(tsp.TimeStampReq.load(body))
        return 200, "application/timestamp-reply", response.dump()
    return handle


def test_local_signer_adds_an_rfc3161_timestamp_from_the_configured_tsa(users, asked_to_sign, loopback, settings):
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from certificates.demo import demo_ca_certificate_der

    tsa = loopback(_tsa_handler(_tsa_stamper()))
    settings.TSA_URL = tsa.url + "/tsa"
    order, [report] = asked_to_sign(1)
    services.sign_reports(users["kepala_balai"], order.pk, DEMO_PASSPHRASE)
    report.refresh_from_db()
    # the signature timestamp and the document timestamp of PAdES B-LTA (pyHanko may ask once more to
    # learn the token's size)
    assert report.status == ReportStatus.SIGNED and len(tsa.requests) >= 2
    content = services.signed_content(report)
    ca = x509.Certificate.load(demo_ca_certificate_der())
    context = ValidationContext(trust_roots=[ca], allow_fetching=False)
    reader = PdfFileReader(io.BytesIO(content))
    [embedded] = reader.embedded_regular_signatures
    [document_timestamp] = reader.embedded_timestamp_signatures
    assert document_timestamp.signer_cert.subject.native["common_name"] == "Uji TSA"
    status = validate_pdf_signature(embedded, signer_validation_context=context, ts_validation_context=context)
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None
    assert status.timestamp_validity.intact and status.timestamp_validity.valid


def test_an_unreachable_tsa_leaves_the_report_unsigned_with_a_clear_message(users, asked_to_sign, settings):
    settings.TSA_URL = free_port_url() + "/tsa"
    order, [report] = asked_to_sign(1)
    with pytest.raises(TransitionNotAllowed, match="cap waktu"):
        services.sign_reports(users["kepala_balai"], order.pk, DEMO_PASSPHRASE)
    report.refresh_from_db()
    order.refresh_from_db()
    assert report.status == ReportStatus.NUMBERED and not report.signed_pdf
    assert order.state == OrderState.AWAITING_SIGNATURE


class FakeBsre:
    """The national signing service as its public client code describes it: JSON in, JSON out."""

    def __init__(self, nik: str, passphrase: str, signer):
        self.nik, self.passphrase, self.signer = nik, passphrase, signer

    def __call__(self, path, body):
        from certificates import signing

        def answer(status, data):
            return status, "application/json", json.dumps(data).encode()

        if path != "/api/v2/sign/pdf":
            return answer(404, {"error": "not found"})
        data = json.loads(body)
        if data.get("nik") != self.nik:
            return answer(400, {"status_code": 2021, "error": "User tidak terdaftar"})
        if data.get("passphrase") != self.passphrase:
            return answer(400, {"status_code": 2031, "error": "Passphrase anda salah"})
        signed = [signing.sign_pdf(base64.b64decode(f), self.signer, name="BSrE", reason="uji", location="uji")
                  for f in data["file"]]
        return answer(200, {"file": [base64.b64encode(s).decode() for s in signed]})


@pytest.fixture
def bsre(users, loopback, settings):
    from certificates import signing

    head = users["kepala_balai"]
    head.nik = NIK
    head.save(update_fields=["nik"])
    from certificates.demo import ensure_demo_keys

    ensure_demo_keys()
    server = loopback(FakeBsre(NIK, "Rahasia-BSrE-1", signing.load_signer(head, DEMO_PASSPHRASE)))
    settings.SIGNER_BACKEND = "bsre"
    settings.BSRE_URL = server.url
    return server


def test_bsre_client_signs_through_the_service_and_never_stores_the_passphrase(users, asked_to_sign, bsre):
    order, [report] = asked_to_sign(1)
    services.sign_reports(users["kepala_balai"], order.pk, "Rahasia-BSrE-1")
    report.refresh_from_db()
    order.refresh_from_db()
    assert report.status == ReportStatus.SIGNED and order.state == OrderState.SIGNED
    _, status = signature_status(services.signed_content(report))
    assert status.intact and status.valid
    [(path, _headers, body)] = bsre.requests
    sent = json.loads(body)
    assert sent["nik"] == NIK and sent["signatureProperties"][0]["tampilan"] == "INVISIBLE"
    assert base64.b64decode(sent["file"][0]).startswith(b"%PDF-")
    assert "Rahasia-BSrE-1" not in str(list(AuditEntry.objects.values_list("note", "data")))


@pytest.mark.parametrize("change, message", [
    ("passphrase", "Passphrase salah"),
    ("nik", "tidak terdaftar"),
    ("down", "tidak dapat dihubungi"),
])
def test_bsre_errors_leave_the_report_unsigned_with_a_clear_message(users, asked_to_sign, bsre, settings, change,
                                                                    message):
    head = users["kepala_balai"]
    passphrase = "Rahasia-BSrE-1"
    if change == "passphrase":
        passphrase = "Tebakan-Salah-9"
    elif change == "nik":
        head.nik = "1671019999990009"
        head.save(update_fields=["nik"])
    else:
        settings.BSRE_URL = free_port_url()
    order, [report] = asked_to_sign(1)
    with pytest.raises(TransitionNotAllowed, match=message) as exc:
        services.sign_reports(head, order.pk, passphrase)
    assert passphrase not in str(exc.value)
    report.refresh_from_db()
    order.refresh_from_db()
    assert report.status == ReportStatus.NUMBERED and not report.signed_pdf
    assert order.state == OrderState.AWAITING_SIGNATURE
    wrong = AuditEntry.objects.filter(code=services.WRONG_PASSPHRASE, actor=head).count()
    assert wrong == (1 if change == "passphrase" else 0)


def test_bsre_needs_the_signers_nik(users, asked_to_sign, bsre):
    head = users["kepala_balai"]
    head.nik = ""
    head.save(update_fields=["nik"])
    order, _ = asked_to_sign(1)
    with pytest.raises(TransitionNotAllowed, match="NIK"):
        services.sign_reports(head, order.pk, "Rahasia-BSrE-1")
    assert bsre.requests == []
