"""Corrections (ISO/IEC 17025 7.8.8) and revocation of signed reports: asked by CS, decided by the
Ketua Tim PJI, a correction signed again by the head of centre; the order's state never moves."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certificates import amendments, services
from certificates.models import ChangeKind, ChangeStatus, Report, ReportStatus
from certificates.tests.conftest import pdf_text, signature_status
from workflow.engine import TransitionNotAllowed
from workflow.models import AuditEntry
from workflow.states import OrderState

REASON = "Alamat pelanggan salah ketik pada E-LHU."


@pytest.fixture
def forwarded(small_order_at):
    return small_order_at("FORWARDED")


def _verify(client, report):
    return client.get(reverse("certificates:verify", args=[report.token])).content.decode()


def test_the_full_amendment_road_supersedes_the_old_report(users, login, client, forwarded, passphrase, tmp_path):
    old = forwarded.reports.get()
    old_sha, old_file = old.sha256, old.signed_pdf.name

    cs = login(users["cs"])
    assert "Ajukan koreksi/pencabutan" in cs.get(reverse("orders:detail", args=[forwarded.pk])).content.decode()
    cs.post(reverse("certificates:request_change", args=[old.pk]), {"kind": "AMENDMENT", "reason": REASON})
    change = old.changes.get()
    assert change.kind == ChangeKind.AMENDMENT and change.status == ChangeStatus.REQUESTED

    pji = login(users["ketua_pji"])
    assert "Setujui koreksi" in pji.get(reverse("orders:detail", args=[forwarded.pk])).content.decode()
    pji.post(reverse("certificates:approve_change", args=[change.pk]), {"note": ""})
    change.refresh_from_db()
    new = change.new_report
    assert change.status == ChangeStatus.APPROVED and new.status == ReportStatus.NUMBERED
    assert new.number != old.number and new.replaces == old and new.amendment_reason == REASON

    head = login(users["kepala_balai"])
    page = head.get(reverse("orders:detail", args=[forwarded.pk])).content.decode()
    assert "Tandatangani E-LHU pengganti" in page and new.number in page
    head.post(reverse("certificates:sign_amendment", args=[change.pk]), {"passphrase": passphrase})
    old.refresh_from_db()
    new.refresh_from_db()
    assert new.status == ReportStatus.SIGNED and new.signer == users["kepala_balai"]
    assert old.status == ReportStatus.SUPERSEDED
    assert old.sha256 == old_sha and old.signed_pdf.name == old_file  # the issued report is untouched

    content = services.signed_content(new)
    _, status = signature_status(content)
    assert status.intact and status.valid and status.trusted
    text = " ".join(pdf_text(content, tmp_path).split())
    assert f"menggantikan sertifikat No. {old.number}" in text and f"replaces certificate No. {old.number}" in text
    assert REASON in text

    client.logout()
    page = _verify(client, old)
    assert "superseded" in page and new.number in page and REASON in page
    page = _verify(client, new)
    assert old.number in page and REASON in page and "Menggantikan" in page

    forwarded.refresh_from_db()
    assert forwarded.state == OrderState.FORWARDED
    # The amendment's history on the order, in order: asked, approved (the replacement numbered), the
    # replacement signed (the old report superseded, the change done).
    codes = list(AuditEntry.objects.filter(order=forwarded, at__gte=change.requested_at, subject__in=["report",
                 "report_change"]).order_by("at", "id").values_list("code", "object_id"))
    assert codes == [("report_change.request", change.pk), ("report.number", new.pk),
                     ("report_change.approve", change.pk), ("report.sign", new.pk), ("report.supersede", old.pk),
                     ("report_change.complete", change.pk)]


def test_revocation_needs_cs_request_and_ketua_pji_approval(users, client, forwarded):
    report = forwarded.reports.get()
    change = amendments.request_change(users["cs"], report.pk, ChangeKind.REVOCATION, "Alat tertukar saat diterima.")
    report.refresh_from_db()
    assert report.status == ReportStatus.SIGNED
    amendments.approve_change(users["ketua_pji"], change.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.REVOKED
    page = _verify(client, report)
    assert "dicabut" in page and "Alat tertukar saat diterima." in page and report.get_status_display() in page
    forwarded.refresh_from_db()
    assert forwarded.state == OrderState.FORWARDED
    assert AuditEntry.objects.filter(code="report.revoke", order=forwarded, actor=users["ketua_pji"], subject="report",
                                     object_id=report.pk).exists()
    with pytest.raises(TransitionNotAllowed):
        amendments.request_change(users["cs"], report.pk, ChangeKind.AMENDMENT, "Koreksi setelah dicabut")


def test_only_cs_requests_only_ketua_pji_decides_only_a_head_signs(users, forwarded, passphrase):
    report = forwarded.reports.get()
    for name in ("pelanggan", "ketua_pji", "kepala_balai", "mt"):
        with pytest.raises(TransitionNotAllowed):
            amendments.request_change(users[name], report.pk, ChangeKind.REVOCATION, "alasan")
    with pytest.raises(ValidationError):
        amendments.request_change(users["cs"], report.pk, ChangeKind.AMENDMENT, "  ")
    change = amendments.request_change(users["cs"], report.pk, ChangeKind.AMENDMENT, REASON)
    with pytest.raises(TransitionNotAllowed):
        amendments.request_change(users["cs"], report.pk, ChangeKind.REVOCATION, "dua permintaan sekaligus")
    for name in ("cs", "kepala_balai", "mt"):
        with pytest.raises(TransitionNotAllowed):
            amendments.approve_change(users[name], change.pk)
    amendments.approve_change(users["ketua_pji"], change.pk)
    for name in ("cs", "ketua_pji"):
        with pytest.raises(TransitionNotAllowed):
            amendments.sign_amendment(users[name], change.pk, passphrase)
    with pytest.raises(TransitionNotAllowed, match="Passphrase salah"):
        amendments.sign_amendment(users["kepala_balai"], change.pk, "salah")
    report.refresh_from_db()
    assert report.status == ReportStatus.SIGNED
    change.refresh_from_db()
    assert change.new_report.status == ReportStatus.NUMBERED and not change.new_report.signed_pdf
    assert AuditEntry.objects.filter(code="signature.wrong_passphrase", order=forwarded).count() == 1


def test_a_rejected_request_leaves_the_report_valid(users, login, forwarded):
    report = forwarded.reports.get()
    change = amendments.request_change(users["cs"], report.pk, ChangeKind.REVOCATION, "alasan")
    with pytest.raises(ValidationError):
        amendments.reject_change(users["ketua_pji"], change.pk, "")
    client = login(users["ketua_pji"])
    client.post(reverse("certificates:reject_change", args=[change.pk]), {"note": "Alasan tidak cukup."})
    change.refresh_from_db()
    report.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED and report.status == ReportStatus.SIGNED
    assert Report.objects.filter(order=forwarded).count() == 1


def test_role_refusals_on_the_pages_show_a_message_and_change_nothing(users, login, forwarded):
    report = forwarded.reports.get()
    response = login(users["pelanggan"]).post(reverse("certificates:request_change", args=[report.pk]),
                                              {"kind": "REVOCATION", "reason": "x"})
    assert response.status_code == 404
    response = login(users["mt"]).post(reverse("certificates:request_change", args=[report.pk]),
                                       {"kind": "REVOCATION", "reason": "x"}, follow=True)
    assert response.status_code == 200 and "tidak berwenang" in response.content.decode()
    assert not report.changes.exists()
    change = amendments.request_change(users["cs"], report.pk, ChangeKind.REVOCATION, "alasan")
    response = login(users["cs"]).post(reverse("certificates:approve_change", args=[change.pk]), follow=True)
    assert "tidak berwenang" in response.content.decode()
    assert login(users["pelanggan"]).post(reverse("certificates:approve_change", args=[change.pk])).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.SIGNED


def test_signed_reports_are_never_deleted(forwarded):
    with pytest.raises(ValueError):
        forwarded.reports.get().delete()


def test_the_order_page_shows_for_every_role_while_a_correction_runs(users, login, forwarded, passphrase):
    report = forwarded.reports.get()
    change = amendments.request_change(users["cs"], report.pk, ChangeKind.AMENDMENT, REASON)
    for step in (None, lambda: amendments.approve_change(users["ketua_pji"], change.pk),
                 lambda: amendments.sign_amendment(users["kepala_balai"], change.pk, passphrase)):
        if step:
            step()
        for name in ("pelanggan", "cs", "ketua_pji", "kepala_balai", "mt", "penyelia"):
            assert login(users[name]).get(reverse("orders:detail", args=[forwarded.pk])).status_code == 200
