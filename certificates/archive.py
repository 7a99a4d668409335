"""Archival timestamps (PAdES B-LTA): before the TSA certificate of a signed report's last document
timestamp expires, a new revision of its file gets the validation data of that timestamp and a new
document timestamp (certificates.ltv.add_archival_timestamp), so the chain of proof never lapses.

The signed PDF is never altered: revision 0 (ReportRevision) records it as it is, each archival
timestamp is a new file, a new revision with its own SHA-256; the verify page and API accept any of
them (certificates.verification) and downloads serve the newest (`served_content`). The timestamp is
made with no transaction open; then the order and the report are locked (the lock order of
docs/decisions.md), the revision is checked to still be the latest and the new one is stored, with an
audit entry.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from certificates import ltv
from certificates.models import Report, ReportRevision, ReportStatus

log = logging.getLogger(__name__)

ISSUED = (ReportStatus.SIGNED, ReportStatus.SUPERSEDED, ReportStatus.REVOKED)
ARCHIVED = "report.archive_timestamp"


class ArchiveError(Exception):
    pass


def _read(field_file) -> bytes:
    with field_file.open("rb") as fh:
        return fh.read()


def _expiry(pdf: bytes) -> dt.datetime | None:
    try:
        return ltv.last_timestamp_expiry(pdf)
    except Exception:  # noqa: BLE001 -- an unreadable file has no timestamp to renew; reported as such
        return None


def latest_revision(report: Report) -> ReportRevision | None:
    return report.revisions.order_by("-number").first()


def served_content(report: Report) -> bytes:
    """The file a download serves: the newest revision (the signed PDF with its archival timestamps, so
    the copy a customer keeps carries the longest-living proof), read and checked against that
    revision's SHA-256; the signed PDF itself (certificates.services.signed_content) while no archival
    timestamp has been added."""
    from django.utils.translation import gettext as _

    from certificates.services import sha256_of, signed_content
    from workflow.engine import TransitionNotAllowed

    latest = latest_revision(report)
    if latest is None or latest.number == 0 or report.status != ReportStatus.SIGNED:
        return signed_content(report)
    content = _read(latest.pdf)
    if sha256_of(content) != latest.sha256:
        raise TransitionNotAllowed(_("Berkas E-LHU %(n)s tidak utuh; hubungi admin.") % {"n": report.number})
    return content


def record_original(report: Report) -> ReportRevision:
    """Revision 0 of a signed report: its signed PDF as stored (same file, same SHA-256) with the expiry
    of its last document timestamp, read once."""
    from certificates.services import sha256_of
    from orders.models import Order
    from workflow.engine import lock

    content = _read(report.signed_pdf)
    if sha256_of(content) != report.sha256:
        raise ArchiveError(f"{report.number}: the stored PDF does not match its SHA-256")
    expires = _expiry(content)
    with transaction.atomic():
        lock(Order, report.order_id)
        lock(Report, report.pk)
        existing = report.revisions.filter(number=0).first()
        if existing is not None:
            return existing
        return ReportRevision.objects.create(report=report, number=0, pdf=report.signed_pdf.name,
                                             sha256=report.sha256, timestamp_expires=expires)


def record_originals() -> int:
    """Revision 0 for every issued report that has none yet; returns how many were recorded."""
    count = 0
    for report in (Report.objects.filter(status__in=ISSUED, revisions__isnull=True).exclude(signed_pdf="")
                   .order_by("pk").iterator()):
        try:
            record_original(report)
            count += 1
        except ArchiveError as exc:
            log.warning("archive: %s", exc)
    return count


def due(days: int, everything: bool = False, now: dt.datetime | None = None):
    """The latest revisions whose last document timestamp's TSA certificate expires within `days` days
    (all that have a document timestamp with `everything`)."""
    now = now or timezone.now()
    newest = ReportRevision.objects.filter(report=OuterRef("report")).order_by("-number").values("number")[:1]
    rows = ReportRevision.objects.filter(number=Subquery(newest), report__status__in=ISSUED,
                                         timestamp_expires__isnull=False)
    if not everything:
        rows = rows.filter(timestamp_expires__lte=now + dt.timedelta(days=days))
    return rows.select_related("report").order_by("timestamp_expires", "pk")


def archive(revision: ReportRevision, timestamper=None, context=None) -> ReportRevision:
    """Add an archival timestamp to `revision` (the latest of its report): a new revision, stored."""
    from certificates.services import sha256_of
    from orders.models import Order
    from workflow.engine import lock, record

    report = revision.report
    content = _read(revision.pdf)
    if sha256_of(content) != revision.sha256:
        raise ArchiveError(f"{report.number} r{revision.number}: the stored PDF does not match its SHA-256")
    if ltv.signature_level(content) != ltv.B_LTA:
        raise ArchiveError(f"{report.number} r{revision.number}: not a PAdES B-LTA file")
    try:
        renewed = ltv.add_archival_timestamp(content, timestamper, context)
    except Exception as exc:  # noqa: BLE001 -- e.g. the last timestamp no longer validates: say which report
        raise ArchiveError(f"{report.number} r{revision.number}: {type(exc).__name__}: {exc}") from exc
    saved = []
    try:
        with transaction.atomic():
            lock(Order, report.order_id)
            lock(Report, report.pk)
            if latest_revision(report).pk != revision.pk:
                raise ArchiveError(f"{report.number}: renewed meanwhile by another run")
            new = ReportRevision(report=report, number=revision.number + 1, sha256=sha256_of(renewed),
                                 timestamp_expires=ltv.last_timestamp_expiry(renewed))
            new.pdf.save(f"{report.token}.pdf", ContentFile(renewed), save=False)
            saved.append(new.pdf.name)
            new.save()
            record(ARCHIVED, None, "", order=report.order, data={
                "report": report.number, "revision": new.number, "sha256": new.sha256,
                "timestamp_expires": new.timestamp_expires.isoformat() if new.timestamp_expires else None})
            return new
    except BaseException:
        from certificates.services import delete_files

        delete_files(saved)
        raise


@dataclass
class ArchiveRun:
    recorded: int = 0  # revision 0 recorded for reports seen the first time
    renewed: list[str] = field(default_factory=list)  # "number rN"
    failed: list[str] = field(default_factory=list)  # messages


def archive_due(days: int, everything: bool = False, limit: int | None = None) -> ArchiveRun:
    """The archival run: record new originals, then renew every due revision. One TSA and one
    validation context serve the whole run."""
    run = ArchiveRun(recorded=record_originals())
    rows = list(due(days, everything)[:limit] if limit else due(days, everything))
    if not rows:
        return run
    timestamper, context = ltv.archive_timestamper(), ltv.validation_context()
    for revision in rows:
        try:
            new = archive(revision, timestamper, context)
            run.renewed.append(f"{revision.report.number} r{new.number}")
        except ArchiveError as exc:
            log.warning("archive: %s", exc)
            run.failed.append(str(exc))
    return run


def revision_with_digest(digest: str) -> ReportRevision | None:
    """The issued revision whose file has SHA-256 `digest`, if any."""
    return (ReportRevision.objects.filter(sha256=digest).exclude(report__status=ReportStatus.NUMBERED)
            .select_related("report").order_by("-number").first())
