"""An export made in the background: who asked, what, with which filters, how far it has got, and the
file when it is done. The file lives under MEDIA_ROOT and is served only to its owner."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel (.xlsx)")
    PDF = "pdf", _("PDF")


class ExportStatus(models.TextChoices):
    QUEUED = "QUEUED", _("Menunggu giliran")
    RUNNING = "RUNNING", _("Sedang dibuat")
    DONE = "DONE", _("Selesai")
    FAILED = "FAILED", _("Gagal")


def export_path(instance, filename):
    return f"exports/{timezone.now():%Y/%m}/{instance.token}-{filename}"


class Export(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports")
    kind = models.CharField(_("jenis"), max_length=40)
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    token = models.CharField(max_length=32, editable=False)
    file = models.FileField(upload_to=export_path, max_length=250, blank=True)
    filename = models.CharField(max_length=150, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ekspor")
        verbose_name_plural = _("ekspor")
        db_table = "reports_export"  # the table of the app's former name, kept so no installation moves data
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self):
        return f"{self.kind}.{self.format} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if not self.token:
            import secrets

            self.token = secrets.token_hex(8)
        super().save(*args, **kwargs)

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(self.done_rows * 100 / self.total_rows))

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)
