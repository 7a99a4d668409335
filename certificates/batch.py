"""Batch signing (step 19): the head of centre picks many waiting reports, enters the passphrase once,
and a background task signs them one by one; each report succeeds or fails on its own.

The passphrase never reaches the database, the task queue's tables (the task gets only the batch id)
or a log. Between the request and the task it waits in the signing cache (settings.CACHES["signing"],
shared by web and worker processes), encrypted with Fernet under a key derived from SECRET_KEY and
the batch id, for at most settings.SIGNING_PASSPHRASE_TTL seconds, and it is deleted as soon as the
task has read it (and again when the batch ends).
"""
from __future__ import annotations

import base64
import logging

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from certificates import delegation, services, signers
from certificates.models import BatchStatus, ItemStatus, Report, ReportStatus, SigningBatch, SigningBatchItem
from orders.models import Order
from workflow.engine import TransitionNotAllowed, apply, lock
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


def take_passphrase(batch_id: int) -> str | None:
    """The batch's passphrase, removed from the cache as it is read; None when it expired."""
    from cryptography.fernet import InvalidToken

    token = _cache().get(_cache_key(batch_id))
    wipe_passphrase(batch_id)
    if token is None:
        return None
    try:
        return _fernet(batch_id).decrypt(token, ttl=_ttl()).decode("utf-8")
    except InvalidToken:
        return None


def wipe_passphrase(batch_id: int) -> None:
    _cache().delete(_cache_key(batch_id))


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
        run_signing_batch.enqueue(batch.pk)
    except Exception:
        log.exception("could not queue signing batch %s", batch.pk)
        wipe_passphrase(batch.pk)
        _finish(batch, BatchStatus.FAILED, _("Antrean tugas tidak tersedia; tidak ada E-LHU yang ditandatangani."))
        raise TransitionNotAllowed(_("Penandatanganan tidak dapat dimulai; coba lagi nanti.")) from None
    batch.refresh_from_db()
    return batch


# --- the background work --------------------------------------------------------------------------

def _finish(batch: SigningBatch, status: str, message: str = "") -> None:
    batch.status, batch.finished_at, batch.message = status, timezone.now(), message
    batch.save(update_fields=["status", "finished_at", "message"])


def _fail_pending(batch: SigningBatch, reason: str) -> None:
    batch.items.filter(status=ItemStatus.PENDING).update(status=ItemStatus.FAILED, reason=reason[:REASON_MAX],
                                                         done_at=timezone.now())


def sign_one(report_id: int, user, opened) -> Report:
    """Sign one report in its own transaction; when it was the order's last waiting report, the order
    moves to SIGNED (step 19) in the same transaction."""
    saved: list[str] = []
    try:
        with transaction.atomic():
            order = lock(Order, Report.objects.values_list("order_id", flat=True).get(pk=report_id))
            row = delegation.authorize_signing(order, user)
            if order.signer_id != user.pk:
                raise TransitionNotAllowed(_("Penandatanganan pesanan ini diminta kepada %(name)s, bukan kepada "
                                             "Anda.") % {"name": order.signer or "—"})
            report = lock(Report, report_id)
            if report.status != ReportStatus.NUMBERED:
                raise TransitionNotAllowed(_("E-LHU ini tidak lagi menunggu tanda tangan (%(s)s).")
                                           % {"s": report.get_status_display()})
            services.sign_report(report, user, opened, timezone.now(), saved)
            waiting = order.reports.filter(status=ReportStatus.NUMBERED, replaces__isnull=True)
            if not waiting.exists():
                signed = list(order.reports.filter(status=ReportStatus.SIGNED).values_list("number", flat=True))
                apply(order, row, user, data={"reports": signed, "batch": True})
            return report
    except BaseException:
        services.delete_files(saved)
        raise


def _reason(exc: Exception) -> str:
    if isinstance(exc, (TransitionNotAllowed, signers.SignerError)):
        return exc.message
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return _("Kesalahan saat membuat atau menandatangani PDF: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"}


def run_batch(batch_id: int) -> SigningBatch:
    """What the background task does: open the signer once, sign each pending report on its own."""
    batch = SigningBatch.objects.select_related("signer").get(pk=batch_id)
    if batch.finished:
        wipe_passphrase(batch_id)
        return batch
    passphrase = take_passphrase(batch_id)
    if passphrase is None:
        reason = _("Passphrase sudah kedaluwarsa sebelum penandatanganan dimulai; ulangi penandatanganan.")
        _fail_pending(batch, reason)
        _finish(batch, BatchStatus.FAILED, reason)
        return batch
    user = batch.signer
    batch.status = BatchStatus.RUNNING
    batch.save(update_fields=["status"])
    try:
        try:
            opened = services.unlock_signer(user, passphrase)
        except signers.WrongPassphrase:
            services.record_wrong_passphrase(user)
            raise TransitionNotAllowed(_("Passphrase salah. Tidak ada E-LHU yang ditandatangani.")) from None
        finally:
            del passphrase
        for item in batch.items.filter(status=ItemStatus.PENDING).select_related("report"):
            try:
                sign_one(item.report_id, user, opened)
            except signers.WrongPassphrase:  # the signing service refused the passphrase: stop here
                services.record_wrong_passphrase(user, item.report.order)
                raise TransitionNotAllowed(_("Passphrase salah. E-LHU yang belum ditandatangani tidak "
                                             "ditandatangani.")) from None
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
        return batch
    finally:
        wipe_passphrase(batch_id)
    failed = batch.items.filter(status=ItemStatus.FAILED).count()
    _finish(batch, BatchStatus.DONE, _("%(ok)d ditandatangani, %(failed)d gagal.")
            % {"ok": batch.items.count() - failed, "failed": failed})
    return batch


def progress(batch: SigningBatch) -> dict:
    counts = {status: 0 for status in ItemStatus.values}
    for status in batch.items.values_list("status", flat=True):
        counts[status] += 1
    total = sum(counts.values())
    done = counts[ItemStatus.SIGNED] + counts[ItemStatus.FAILED]
    return {"total": total, "done": done, "signed": counts[ItemStatus.SIGNED], "failed": counts[ItemStatus.FAILED],
            "percent": int(100 * done / total) if total else 100}
