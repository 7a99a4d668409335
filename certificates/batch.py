"""Batch signing (step 19): the head of centre picks many waiting reports, enters the passphrase once,
and a background task signs them one by one; each report succeeds or fails on its own.

The passphrase never reaches the database, the task queue's tables (the task gets only the batch id)
or a log. Between the request and the task it waits in the signing cache (settings.CACHES["signing"],
shared by web and worker processes), encrypted with Fernet under a key derived from SECRET_KEY and
the batch id, for at most settings.SIGNING_PASSPHRASE_TTL seconds, and it is deleted when the batch
ends, whether it is done or failed.

One batch is signed by up to settings.SIGNING_PARALLEL tasks side by side (one per worker process:
rendering a report is CPU work that one process does one at a time). Each task opens the signer once
and takes pending reports one at a time (an item is claimed by a conditional update, so no report is
signed twice); the task that finishes the last report closes the batch.

What a batch moves in the SOP engine, it moves through services.sign_then_store: each report along
"report.sign" (the head who started the batch is the actor) and the order along step 19. The status
updates here are the job's own progress, not a lifecycle, and stay compare-and-set updates of the
worker (job progress): SigningBatch.status (QUEUED -> RUNNING -> DONE/FAILED, in `_finish` and
`run_batch`) and SigningBatchItem.status (PENDING -> RUNNING -> SIGNED/FAILED, in `_claim_next`,
`_fail_pending` and `run_batch`).
"""
from __future__ import annotations

import base64
import logging

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from certificates import delegation, services, signers
from certificates.models import BatchStatus, ItemStatus, Report, ReportStatus, SigningBatch, SigningBatchItem
from workflow.engine import TransitionNotAllowed
from workflow.states import OrderState

log = logging.getLogger(__name__)
REASON_MAX = 500


# --- the passphrase, encrypted and short-lived ----------------------------------------------------

def _cache():
    return caches["signing"] if "signing" in settings.CACHES else caches["default"]


def _cache_key(batch_id: int) -> str:
    return f"certificates:batch:{batch_id}:secret"


def _fernet(batch_id: int):
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=f"sippt signing batch {batch_id}".encode()).derive(settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _ttl() -> int:
    return int(getattr(settings, "SIGNING_PASSPHRASE_TTL", 300))


@sensitive_variables("passphrase")
def stash_passphrase(batch_id: int, passphrase: str) -> None:
    _cache().set(_cache_key(batch_id), _fernet(batch_id).encrypt(passphrase.encode("utf-8")), timeout=_ttl())


def read_passphrase(batch_id: int) -> str | None:
    """The batch's passphrase; None when it expired or the batch has ended."""
    from cryptography.fernet import InvalidToken

    token = _cache().get(_cache_key(batch_id))
    if token is None:
        return None
    try:
        return _fernet(batch_id).decrypt(token, ttl=_ttl()).decode("utf-8")
    except InvalidToken:
        return None


def wipe_passphrase(batch_id: int) -> None:
    _cache().delete(_cache_key(batch_id))


def signing_parallel() -> int:
    """How many tasks sign one batch side by side (settings.SIGNING_PARALLEL, at least 1)."""
    return max(1, int(getattr(settings, "SIGNING_PARALLEL", 1)))


# --- what waits, and starting a batch -------------------------------------------------------------

def reports_awaiting(user):
    """Reports waiting for `user`'s signature at step 19 (CS asked this person to sign the order)."""
    if not delegation.may_sign(user):
        return Report.objects.none()
    return (Report.objects.filter(status=ReportStatus.NUMBERED, replaces__isnull=True, order__signer=user,
                                  order__state=OrderState.AWAITING_SIGNATURE)
            .select_related("order", "order__company", "instrument", "instrument__instrument_type")
            .order_by("order__state_entered_at", "order_id", "instrument__position", "id"))


@sensitive_variables("passphrase")
def start_batch(user, report_ids, passphrase: str) -> SigningBatch:
    """Check the choice and the passphrase now (a wrong one is audited and counted, nothing is queued),
    then queue the batch; the background task signs the reports."""
    if not delegation.may_sign(user):
        raise TransitionNotAllowed(_("Anda tidak berwenang menandatangani E-LHU saat ini."))
    if not passphrase:
        raise ValidationError(_("Masukkan passphrase TTE Anda."))
    ids = list(dict.fromkeys(int(pk) for pk in report_ids))
    if not ids:
        raise ValidationError(_("Pilih paling sedikit satu E-LHU."))
    waiting = set(reports_awaiting(user).filter(pk__in=ids).values_list("pk", flat=True))
    if len(waiting) != len(ids):
        raise ValidationError(_("Sebagian E-LHU yang dipilih tidak lagi menunggu tanda tangan Anda. Muat ulang "
                                "halaman dan pilih lagi."))
    try:
        services.unlock_signer(user, passphrase)  # the local key opens now or never; no network call
    except signers.WrongPassphrase:
        services.record_wrong_passphrase(user)
        raise TransitionNotAllowed(_("Passphrase salah. Tidak ada E-LHU yang ditandatangani.")) from None
    with transaction.atomic():
        batch = SigningBatch.objects.create(signer=user)
        SigningBatchItem.objects.bulk_create([SigningBatchItem(batch=batch, report_id=pk) for pk in ids])
    stash_passphrase(batch.pk, passphrase)
    from certificates.tasks import run_signing_batch

    try:
        for _part in range(min(signing_parallel(), len(ids))):
            run_signing_batch.enqueue(batch.pk)
    except Exception:
        log.exception("could not queue signing batch %s", batch.pk)
        wipe_passphrase(batch.pk)
        _finish(batch, BatchStatus.FAILED, _("Antrean tugas tidak tersedia; tidak ada E-LHU yang ditandatangani."))
        raise TransitionNotAllowed(_("Penandatanganan tidak dapat dimulai; coba lagi nanti.")) from None
    batch.refresh_from_db()
    return batch


# --- the background work --------------------------------------------------------------------------

def _finish(batch: SigningBatch, status: str, message: str = "") -> bool:
    """End the batch once: the first of its tasks to end it wins, a later call changes nothing."""
    now = timezone.now()
    ended = SigningBatch.objects.filter(pk=batch.pk, status__in=(BatchStatus.QUEUED, BatchStatus.RUNNING)).update(
        status=status, finished_at=now, message=message)
    if ended:
        batch.status, batch.finished_at, batch.message = status, now, message
    else:
        batch.refresh_from_db(fields=["status", "finished_at", "message"])
    return bool(ended)


def _fail_pending(batch: SigningBatch, reason: str) -> None:
    batch.items.filter(status=ItemStatus.PENDING).update(status=ItemStatus.FAILED, reason=reason[:REASON_MAX],
                                                         done_at=timezone.now())


def _claim_next(batch: SigningBatch) -> SigningBatchItem | None:
    """The next pending item, now marked as being signed by this task; None when none is left."""
    while True:
        item = batch.items.filter(status=ItemStatus.PENDING).order_by("id").select_related("report").first()
        if item is None:
            return None
        if SigningBatchItem.objects.filter(pk=item.pk, status=ItemStatus.PENDING).update(status=ItemStatus.RUNNING):
            item.status = ItemStatus.RUNNING
            return item


def _close_if_done(batch: SigningBatch) -> None:
    """Close the batch when no report is pending or being signed by another task."""
    with transaction.atomic():
        SigningBatch.objects.select_for_update().filter(pk=batch.pk).first()  # one task decides at a time
        counts = dict(batch.items.order_by().values_list("status").annotate(n=models.Count("id")))
        if counts.get(ItemStatus.PENDING) or counts.get(ItemStatus.RUNNING):
            return
        signed, failed = counts.get(ItemStatus.SIGNED, 0), counts.get(ItemStatus.FAILED, 0)
        _finish(batch, BatchStatus.DONE, _("%(ok)d ditandatangani, %(failed)d gagal.") % {"ok": signed, "failed": failed})
    wipe_passphrase(batch.pk)


def sign_one(report_id: int, user, opened) -> Report:
    """Sign one report of a batch with services.sign_then_store: rendered and signed without a lock
    (tasks signing reports of the same order work side by side), then stored under the order's lock;
    the order's last waiting report moves it to SIGNED (step 19)."""
    order_id = Report.objects.values_list("order_id", flat=True).get(pk=report_id)
    return services.sign_then_store(order_id, [report_id], user, opened, data={"batch": True})[0]


def _reason(exc: Exception) -> str:
    if isinstance(exc, (TransitionNotAllowed, signers.SignerError)):
        return exc.message
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return _("Kesalahan saat membuat atau menandatangani PDF: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"}


def run_batch(batch_id: int) -> SigningBatch:
    """What each of the batch's background tasks does: open the signer once, then sign pending reports
    one at a time, each on its own, until none is left."""
    batch = SigningBatch.objects.select_related("signer").get(pk=batch_id)
    if batch.finished:
        wipe_passphrase(batch_id)
        return batch
    passphrase = read_passphrase(batch_id)
    if passphrase is None:
        if batch.status == BatchStatus.QUEUED:  # no task has started: the cache entry expired in the queue
            reason = _("Passphrase sudah kedaluwarsa sebelum penandatanganan dimulai; ulangi penandatanganan.")
            _fail_pending(batch, reason)
            _finish(batch, BatchStatus.FAILED, reason)
        return batch  # otherwise the batch has just ended, or other tasks are signing it
    user = batch.signer
    SigningBatch.objects.filter(pk=batch_id, status=BatchStatus.QUEUED).update(status=BatchStatus.RUNNING)
    try:
        try:
            opened = services.unlock_signer(user, passphrase)
        except signers.WrongPassphrase:
            services.record_wrong_passphrase(user)
            raise TransitionNotAllowed(_("Passphrase salah. Tidak ada E-LHU yang ditandatangani.")) from None
        finally:
            del passphrase
        while (item := _claim_next(batch)) is not None:
            try:
                sign_one(item.report_id, user, opened)
            except signers.WrongPassphrase:  # the signing service refused the passphrase: stop here
                services.record_wrong_passphrase(user, item.report.order)
                reason = _("Passphrase salah. E-LHU yang belum ditandatangani tidak ditandatangani.")
                item.status, item.reason = ItemStatus.FAILED, reason
                item.done_at = timezone.now()
                item.save(update_fields=["status", "reason", "done_at"])
                raise TransitionNotAllowed(reason) from None
            except Exception as exc:  # noqa: BLE001 -- one report's failure must not stop the others
                log.warning("signing report %s failed: %s", item.report.number, type(exc).__name__)
                item.status, item.reason = ItemStatus.FAILED, _reason(exc)[:REASON_MAX]
            else:
                item.status, item.reason = ItemStatus.SIGNED, ""
            item.done_at = timezone.now()
            item.save(update_fields=["status", "reason", "done_at"])
    except TransitionNotAllowed as exc:
        _fail_pending(batch, exc.message)
        _finish(batch, BatchStatus.FAILED, exc.message)
        wipe_passphrase(batch_id)
        return batch
    _close_if_done(batch)
    return batch


def progress(batch: SigningBatch) -> dict:
    counts = {status: 0 for status in ItemStatus.values}
    for status in batch.items.values_list("status", flat=True):
        counts[status] += 1
    total = sum(counts.values())
    done = counts[ItemStatus.SIGNED] + counts[ItemStatus.FAILED]
    return {"total": total, "done": done, "signed": counts[ItemStatus.SIGNED], "failed": counts[ItemStatus.FAILED],
            "percent": int(100 * done / total) if total else 100}
