"""The background export: reads the owner's scope when it runs, streams the register to a temporary
file, reports progress on the Export row as it goes, then stores the file under MEDIA_ROOT."""
from __future__ import annotations

import logging
import tempfile

from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from core.replica import read_from_replica
from management.access import report_scope
from management.models import Export, ExportFormat, ExportStatus
from management.registers import REGISTERS
from management.writers import pdf_bytes, write_xlsx
from units.letterhead import report_letterhead

log = logging.getLogger(__name__)


def _progress(export_id):
    def report(done: int) -> None:
        Export.objects.filter(pk=export_id).update(done_rows=done)
    return report


@read_from_replica(after_write="model")  # the register from the replica if any; its own row from the primary
def build_export(export: Export) -> None:
    """Make the export's file now (the task's body; also callable directly, e.g. by the benchmark)."""
    register = REGISTERS.get(export.kind)
    scope = report_scope(export.owner)
    if (register is None or scope is None or scope.national  # the national roles export no register
            or (register.centre_only and not scope.centre_wide)):
        raise PermissionError(_("Anda tidak berwenang membuat ekspor ini."))
    total = register.queryset(scope, export.params).count()
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, total_rows=total, done_rows=0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{export.kind}-{stamp}.{export.format}"
    rows = register.rows(scope, export.params)
    with tempfile.NamedTemporaryFile(suffix="." + export.format) as tmp:
        if export.format == ExportFormat.PDF:
            content, written, _truncated = pdf_bytes(str(register.label), register.columns(scope), rows,
                                                     unit=report_letterhead(scope.unit_ids))
            tmp.write(content)
        else:
            written = write_xlsx(tmp, str(register.label), register.columns(scope), rows, _progress(export.pk))
        tmp.seek(0)
        export.refresh_from_db()
        export.file.save(filename, File(tmp), save=False)
    export.filename = filename
    export.status = ExportStatus.DONE
    export.done_rows = written
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "filename", "status", "done_rows", "finished_at"])


@task()
def run_export(export_id: int) -> str:
    try:
        export = Export.objects.select_related("owner").get(pk=export_id, status=ExportStatus.QUEUED)
    except Export.DoesNotExist:
        return "gone"
    try:
        build_export(export)
    except Exception as exc:  # the export fails, the worker goes on; the owner sees why
        log.exception("export %s failed", export_id)
        message = str(exc) if isinstance(exc, PermissionError) else _("Ekspor gagal dibuat. Silakan coba lagi.")
        Export.objects.filter(pk=export_id).update(status=ExportStatus.FAILED, error=message,
                                                   finished_at=timezone.now())
        return "failed"
    return "done"
