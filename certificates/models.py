import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    NUMBERED = "NUMBERED", _("Bernomor, belum ditandatangani")
    SIGNED = "SIGNED", _("Ditandatangani")
    SUPERSEDED = "SUPERSEDED", _("Digantikan")
    REVOKED = "REVOKED", _("Dicabut")


def _token():
    return secrets.token_urlsafe(24)


def signed_pdf_path(instance, filename):
    return f"reports/{timezone.now():%Y/%m}/{instance.token}.pdf"


class Report(models.Model):
    """An E-LHU (calibration certificate): one per validated instrument. Once signed it is never
    edited or deleted; a correction is a new report that references the old one."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="reports")
    instrument = models.ForeignKey("orders.Instrument", on_delete=models.PROTECT, related_name="reports")
    number = models.CharField(_("nomor LHU"), max_length=60, unique=True)
    token = models.CharField(max_length=40, unique=True, default=_token)
    status = models.CharField(max_length=12, choices=ReportStatus.choices, default=ReportStatus.NUMBERED)
    numbered_at = models.DateTimeField(default=timezone.now)
    numbered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="signed_reports")
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_pdf = models.FileField(upload_to=signed_pdf_path, max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    amendment_reason = models.TextField(_("alasan penggantian"), blank=True,
                                        help_text=_("Pada E-LHU pengganti: mengapa E-LHU yang digantikan dikoreksi."))

    class Meta:
        ordering = ["order", "instrument__position", "id"]
        verbose_name = _("laporan hasil uji (E-LHU)")
        verbose_name_plural = _("laporan hasil uji (E-LHU)")

    def __str__(self):
        return self.number

    def delete(self, *args, **kwargs):
        raise ValueError("issued reports are never deleted")


class ChangeKind(models.TextChoices):
    AMENDMENT = "AMENDMENT", _("Koreksi (E-LHU pengganti)")
    REVOCATION = "REVOCATION", _("Pencabutan")


class ChangeStatus(models.TextChoices):
    REQUESTED = "REQUESTED", _("Diajukan CS, menunggu persetujuan Ketua Tim PJI")
    APPROVED = "APPROVED", _("Disetujui, E-LHU pengganti menunggu TTE Kepala Balai")
    DONE = "DONE", _("Selesai")
    REJECTED = "REJECTED", _("Ditolak")


OPEN_CHANGE = (ChangeStatus.REQUESTED, ChangeStatus.APPROVED)


class ReportChange(models.Model):
    """A request to correct (ISO/IEC 17025 7.8.8) or revoke a signed report: asked by CS with a reason,
    decided by the Ketua Tim PJI; an approved correction is a new report signed again by the head of centre.
    The signed report itself is never edited: only its status moves to SUPERSEDED or REVOKED."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=12, choices=ChangeKind.choices)
    status = models.CharField(max_length=12, choices=ChangeStatus.choices, default=ChangeStatus.REQUESTED)
    reason = models.TextField(_("alasan"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    new_report = models.OneToOneField(Report, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="amendment_of")

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("koreksi/pencabutan E-LHU")
        verbose_name_plural = _("koreksi/pencabutan E-LHU")

    def __str__(self):
        return f"{self.get_kind_display()} {self.report.number}"

    def delete(self, *args, **kwargs):
        raise ValueError("report changes are never deleted")
