"""One batch signed by two tasks at once (two worker processes): every report signed exactly once,
the order moved to SIGNED once, the batch closed once with the right counts, the passphrase wiped.
Needs PostgreSQL (row locks; SQLite admits one writer at a time)."""
import pathlib

import pytest

from certificates import batch as batches
from certificates import services
from certificates.demo import DEMO_PASSPHRASE
from certificates.models import BatchStatus, ItemStatus, ReportStatus
from certificates.tests.conftest import signature_status
from hardening.tests.test_concurrency import need_postgresql, run_together  # noqa: F401 -- the fixture skips on SQLite
from workflow.models import AuditEntry
from workflow.states import OrderState

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres, pytest.mark.slow]


def test_two_tasks_sign_one_batch_side_by_side_each_report_once(users, asked_to_sign, settings, signing_cache):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued for the workers
    settings.SIGNING_PARALLEL = 2
    order, reports = asked_to_sign(6)
    other_order, other_reports = asked_to_sign(2)
    chosen = reports + other_reports
    batch = batches.start_batch(users["kepala_balai"], [r.pk for r in chosen], DEMO_PASSPHRASE)
    queued = DBTaskResult.objects.filter(task_path="certificates.tasks.run_signing_batch")
    assert [t.args_kwargs["args"] for t in queued] == [[batch.pk], [batch.pk]]  # two tasks, only the id

    results, errors = run_together(2, lambda _i: batches.run_batch(batch.pk))  # what two workers do

    assert errors == [None, None]
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.message == "8 ditandatangani, 0 gagal."
    assert sorted(batch.items.values_list("status", flat=True)) == [ItemStatus.SIGNED] * 8
    for report in chosen:
        report.refresh_from_db()
        assert report.status == ReportStatus.SIGNED
        _, status = signature_status(services.signed_content(report))
        assert status.intact and status.valid
    for signed_order in (order, other_order):
        signed_order.refresh_from_db()
        assert signed_order.state == OrderState.SIGNED
        assert AuditEntry.objects.filter(code="order.sign", order=signed_order).count() == 1
    assert not any(p.is_file() for p in pathlib.Path(signing_cache).rglob("*")), "the passphrase is wiped"


def test_a_task_that_comes_after_the_batch_ended_changes_nothing(users, asked_to_sign, settings, signing_cache):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SIGNING_PARALLEL = 2
    order, reports = asked_to_sign(2)
    batch = batches.start_batch(users["kepala_balai"], [r.pk for r in reports], DEMO_PASSPHRASE)
    batches.run_batch(batch.pk)  # the first worker signs both
    batch.refresh_from_db()
    finished_at = batch.finished_at
    batches.run_batch(batch.pk)  # the second task arrives late
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.finished_at == finished_at
    assert batch.message == "2 ditandatangani, 0 gagal."
