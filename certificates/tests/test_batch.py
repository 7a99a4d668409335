"""Batch signing: many reports, one passphrase entry, signed in the background, each on its own."""
import pytest
from django.urls import reverse

from certificates import batch as batches
from certificates import services
from certificates.demo import DEMO_PASSPHRASE
from certificates.models import BatchStatus, ItemStatus, ReportStatus, SigningBatch
from certificates.tests.conftest import signature_status
from workflow.engine import TransitionNotAllowed
from workflow.models import AuditEntry
from workflow.states import OrderState


def _all_stored_text() -> str:
    """Every text the database holds about signing batches, audits and queued tasks."""
    from certificates.models import SigningBatchItem

    rows = [list(AuditEntry.objects.values_list("note", "data")),
            list(SigningBatch.objects.values()), list(SigningBatchItem.objects.values())]
    return str(rows)


@pytest.mark.slow
def test_fifty_reports_in_the_background_one_broken_template_fails_alone(users, asked_to_sign, login, monkeypatch,
                                                                           signing_cache):
    """Acceptance: 50 reports, one with a template that breaks: 49 signed, 1 failed naming the reason."""
    from django.template import engines

    from certificates import content

    order, reports = asked_to_sign(50)
    broken = reports[17]
    normal = content.report_template

    def template_for(report):
        if report.pk == broken.pk:
            return engines["django"].from_string("{% url 'no-such-page' %}")
        return normal(report)
    monkeypatch.setattr(content, "report_template", template_for)

    client = login(users["kepala_balai"])
    page = client.get(reverse("certificates:sign_inbox")).content.decode()
    assert all(r.number in page for r in reports)
    response = client.post(reverse("certificates:sign_inbox"),
                           {"reports": [r.pk for r in reports], "passphrase": DEMO_PASSPHRASE})
    batch = SigningBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("certificates:batch", args=[batch.pk])

    assert batch.status == BatchStatus.DONE
    items = {item.report_id: item for item in batch.items.all()}
    assert [items[r.pk].status for r in reports].count(ItemStatus.SIGNED) == 49
    assert items[broken.pk].status == ItemStatus.FAILED and "NoReverseMatch" in items[broken.pk].reason
    broken.refresh_from_db()
    assert broken.status == ReportStatus.NUMBERED and not broken.signed_pdf
    signed = reports[0]
    signed.refresh_from_db()
    _, status = signature_status(services.signed_content(signed))
    assert status.intact and status.valid
    order.refresh_from_db()
    assert order.state == OrderState.AWAITING_SIGNATURE  # one report still waits

    progress = client.get(reverse("certificates:batch_progress", args=[batch.pk])).content.decode()
    assert "<progress" in progress and 'value="50"' in progress and "hx-trigger" not in progress
    assert broken.number in progress and "NoReverseMatch" in progress

    assert DEMO_PASSPHRASE not in _all_stored_text()
    import os

    assert not any(files for _root, _dirs, files in os.walk(signing_cache)), "the passphrase is wiped"


def test_signing_the_last_waiting_report_moves_the_order_to_signed(users, asked_to_sign):
    order, reports = asked_to_sign(2)
    batch = batches.start_batch(users["kepala_balai"], [reports[0].pk], DEMO_PASSPHRASE)
    order.refresh_from_db()
    assert batch.status == BatchStatus.DONE and order.state == OrderState.AWAITING_SIGNATURE
    batches.start_batch(users["kepala_balai"], [reports[1].pk], DEMO_PASSPHRASE)
    order.refresh_from_db()
    assert order.state == OrderState.SIGNED
    assert AuditEntry.objects.filter(code="order.sign", order=order).count() == 1


def test_the_queued_task_carries_only_the_batch_id_and_the_passphrase_waits_encrypted(users, asked_to_sign, settings,
                                                                                        signing_cache):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # the queue's table
    order, [report] = asked_to_sign(1)
    batch = batches.start_batch(users["kepala_balai"], [report.pk], DEMO_PASSPHRASE)
    assert batch.status == BatchStatus.QUEUED
    [queued] = DBTaskResult.objects.all()
    assert queued.args_kwargs == {"args": [batch.pk], "kwargs": {}}
    import pathlib

    stored = b"".join(p.read_bytes() for p in pathlib.Path(signing_cache).rglob("*") if p.is_file())
    assert stored and DEMO_PASSPHRASE.encode() not in stored
    assert DEMO_PASSPHRASE not in _all_stored_text()

    batches.run_batch(batch.pk)  # what the worker does
    batch.refresh_from_db()
    report.refresh_from_db()
    assert batch.status == BatchStatus.DONE and report.status == ReportStatus.SIGNED
    assert not any(p.is_file() for p in pathlib.Path(signing_cache).rglob("*"))


def test_an_expired_passphrase_fails_the_batch_and_signs_nothing(users, asked_to_sign, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, not run yet
    order, [report] = asked_to_sign(1)
    batch = batches.start_batch(users["kepala_balai"], [report.pk], DEMO_PASSPHRASE)
    batches.wipe_passphrase(batch.pk)  # the cache entry expired before a worker took the task
    batches.run_batch(batch.pk)
    batch.refresh_from_db()
    report.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and "kedaluwarsa" in batch.items.get().reason
    assert report.status == ReportStatus.NUMBERED


def test_a_wrong_passphrase_queues_nothing_is_audited_and_locks_after_five(users, asked_to_sign):
    head = users["kepala_balai"]
    order, [report] = asked_to_sign(1)
    for _ in range(services.MAX_WRONG_PASSPHRASES):
        with pytest.raises(TransitionNotAllowed, match="Passphrase salah"):
            batches.start_batch(head, [report.pk], "Tebakan-Salah-1")
    assert not SigningBatch.objects.exists()
    assert AuditEntry.objects.filter(code=services.WRONG_PASSPHRASE, actor=head).count() == 5
    with pytest.raises(TransitionNotAllowed, match="Terlalu banyak"):
        batches.start_batch(head, [report.pk], DEMO_PASSPHRASE)
    assert "Tebakan-Salah-1" not in _all_stored_text()


def test_only_reports_waiting_for_me_can_be_chosen(users, asked_to_sign):
    from accounts.models import User, UserRole
    from accounts.roles import Role

    other = User.objects.create_user("kepala2", password="x", full_name="Ir. Budi Santoso")
    UserRole.objects.create(user=other, role=Role.KEPALA_BALAI)
    order, [report] = asked_to_sign(1)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        batches.start_batch(other, [report.pk], DEMO_PASSPHRASE)
    with pytest.raises(TransitionNotAllowed):
        batches.start_batch(users["cs"], [report.pk], DEMO_PASSPHRASE)
    assert not SigningBatch.objects.exists()


def test_pages_are_for_signers_and_a_batch_for_its_owner_only(users, asked_to_sign, login):
    order, [report] = asked_to_sign(1)
    batch = batches.start_batch(users["kepala_balai"], [report.pk], DEMO_PASSPHRASE)
    for name in ("cs", "pelanggan", "admin"):
        client = login(users[name])
        assert client.get(reverse("certificates:sign_inbox")).status_code == 404
        assert client.get(reverse("certificates:batch", args=[batch.pk])).status_code == 404
        assert client.get(reverse("certificates:batch_progress", args=[batch.pk])).status_code == 404
    assert "Tanda tangan E-LHU" not in login(users["cs"]).get(reverse("orders:list")).content.decode()
    client = login(users["kepala_balai"])
    page = client.get(reverse("certificates:batch", args=[batch.pk])).content.decode()
    assert report.number in page and "Tanda tangan E-LHU" in page  # the sidebar link to the signing inbox


def test_a_wrong_passphrase_on_the_page_says_so_and_keeps_the_reports_waiting(users, asked_to_sign, login):
    order, [report] = asked_to_sign(1)
    client = login(users["kepala_balai"])
    response = client.post(reverse("certificates:sign_inbox"), {"reports": [report.pk], "passphrase": "salah"},
                           follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "Passphrase salah" in page and report.number in page
    assert 'value="salah"' not in page
