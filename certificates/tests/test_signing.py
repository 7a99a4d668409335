"""Step 19: the chosen head of centre signs every report with the passphrase (PAdES)."""
import pytest
from django.conf import settings

from accounts.models import User, UserRole
from accounts.roles import Role
from certificates import services
from certificates.models import ReportStatus
from certificates.tests.conftest import pdf_text, signature_status
from workflow.engine import TransitionNotAllowed
from workflow.models import AuditEntry
from workflow.states import OrderState


def _stored_reports():
    folder = settings.MEDIA_ROOT / "reports"
    return {p.name for p in folder.rglob("*.pdf")} if folder.exists() else set()


def test_signing_produces_valid_pades_reports_with_their_numbers(users, awaiting_signature, passphrase, tmp_path):
    head = users["kepala_balai"]
    reports = services.sign_reports(head, awaiting_signature.pk, passphrase)
    awaiting_signature.refresh_from_db()
    assert awaiting_signature.state == OrderState.SIGNED
    assert len(reports) == 1
    for report in reports:
        report.refresh_from_db()
        assert report.status == ReportStatus.SIGNED and report.signer == head and report.signed_at
        content = services.signed_content(report)
        assert services.sha256_of(content) == report.sha256
        embedded, status = signature_status(content)
        assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
        assert status.intact and status.valid and status.trusted
        assert status.signing_cert.subject.native["common_name"] == head.full_name
        assert report.number in pdf_text(content, tmp_path)


def test_one_changed_byte_breaks_the_signature(users, awaiting_signature, passphrase):
    [report, *_] = services.sign_reports(users["kepala_balai"], awaiting_signature.pk, passphrase)
    content = bytearray(services.signed_content(report))
    at = len(content) // 4  # inside the signed byte range, before the signature's placeholder
    content[at] = content[at] ^ 0x01
    try:
        _, status = signature_status(bytes(content))
    except Exception:  # the reader may not even parse it: the signature is equally lost
        return
    assert not (status.intact and status.valid)


def test_a_wrong_passphrase_signs_nothing_and_is_audited_without_the_passphrase(users, awaiting_signature):
    before = _stored_reports()
    wrong = "Tebakan-Salah-123"
    with pytest.raises(TransitionNotAllowed) as exc:
        services.sign_reports(users["kepala_balai"], awaiting_signature.pk, wrong)
    assert wrong not in str(exc.value)
    awaiting_signature.refresh_from_db()
    assert awaiting_signature.state == OrderState.AWAITING_SIGNATURE
    assert not awaiting_signature.reports.exclude(status=ReportStatus.NUMBERED).exists()
    assert not awaiting_signature.reports.exclude(signed_pdf="").exists()
    assert _stored_reports() == before
    entry = AuditEntry.objects.get(code="signature.wrong_passphrase")
    assert entry.actor == users["kepala_balai"] and entry.order_id == awaiting_signature.pk
    for values in AuditEntry.objects.values_list("note", "data"):
        assert wrong not in str(values)


def test_after_a_wrong_passphrase_the_right_one_still_signs(users, awaiting_signature, passphrase):
    with pytest.raises(TransitionNotAllowed):
        services.sign_reports(users["kepala_balai"], awaiting_signature.pk, "salah")
    services.sign_reports(users["kepala_balai"], awaiting_signature.pk, passphrase)
    awaiting_signature.refresh_from_db()
    assert awaiting_signature.state == OrderState.SIGNED


def test_repeated_wrong_passphrases_lock_signing_for_a_while(users, awaiting_signature, passphrase):
    for _ in range(services.MAX_WRONG_PASSPHRASES):
        with pytest.raises(TransitionNotAllowed):
            services.sign_reports(users["kepala_balai"], awaiting_signature.pk, "salah")
    with pytest.raises(TransitionNotAllowed, match="Terlalu banyak"):
        services.sign_reports(users["kepala_balai"], awaiting_signature.pk, passphrase)


def test_only_the_chosen_head_of_centre_may_sign(users, awaiting_signature, passphrase):
    other = User.objects.create_user("kepala2", password="x", full_name="Ir. Budi Santoso", nip="197001011995031001")
    UserRole.objects.create(user=other, role=Role.KEPALA_BALAI)
    from certificates.demo import ensure_demo_keys

    ensure_demo_keys()
    with pytest.raises(TransitionNotAllowed):
        services.sign_reports(other, awaiting_signature.pk, passphrase)
    with pytest.raises(TransitionNotAllowed):
        services.sign_reports(users["cs"], awaiting_signature.pk, passphrase)
    awaiting_signature.refresh_from_db()
    assert awaiting_signature.state == OrderState.AWAITING_SIGNATURE
    assert not AuditEntry.objects.filter(code="signature.wrong_passphrase").exists()


def test_signature_is_requested_only_from_an_active_head_of_centre(users, small_order_at):
    from django.core.exceptions import ValidationError

    order = small_order_at("NUMBERED")
    with pytest.raises(ValidationError):
        services.request_signature(users["cs"], order.pk, users["mt"].pk)
    services.request_signature(users["cs"], order.pk, users["kepala_balai"].pk)
    order.refresh_from_db()
    assert order.state == OrderState.AWAITING_SIGNATURE and order.signer == users["kepala_balai"]
