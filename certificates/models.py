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


def dcc_xml_path(instance, filename):
    return f"reports/{timezone.now():%Y/%m}/{instance.token}.dcc.xml"


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
    signer_position = models.CharField(_("jabatan penanda tangan"), max_length=200, blank=True)
    signed_pdf = models.FileField(upload_to=signed_pdf_path, max_length=200, blank=True)
    # The Digital Calibration Certificate (DCC XML) embedded in the signed PDF, byte for byte (with its own
    # enveloped XML signature where the signer's key is local); empty for reports signed before DCCs.
    dcc_xml = models.FileField(upload_to=dcc_xml_path, max_length=200, blank=True)
    # SHA-256 of that DCC file; indexed: the verify page and POST /api/verify look an uploaded XML up by it
    dcc_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    # indexed: the public verify page looks an uploaded file's digest up among all reports
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
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
    # The SOP engine's clock (certificates/workflow.py): when it entered its status, and by when the next
    # step is due (None: no norm). Written by workflow.engine.apply only.
    state_entered_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("koreksi/pencabutan E-LHU")
        verbose_name_plural = _("koreksi/pencabutan E-LHU")

    def __str__(self):
        return f"{self.get_kind_display()} {self.report.number}"

    def get_absolute_url(self):
        """Where it is decided and signed: the order page (its panel of corrections and revocations)."""
        from django.urls import reverse

        return reverse("orders:detail", args=[self.report.order_id])

    @property
    def company(self):
        """The customer whose report it is (the inbox's customer column)."""
        return self.report.order.company

    def delete(self, *args, **kwargs):
        raise ValueError("report changes are never deleted")


class ActingKind(models.TextChoices):
    PLH = "PLH", _("Plh. (Pelaksana Harian)")
    PLT = "PLT", _("Plt. (Pelaksana Tugas)")


class SigningDelegation(models.Model):
    """Signing authority given by the admin to an acting head of centre (Plh./Plt.) for a period.
    Within it (both days included) the person sees the signing inbox and may sign; the report shows
    their name, NIP and position as acting head."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signing_delegations",
                             verbose_name=_("pejabat"))
    kind = models.CharField(_("jenis"), max_length=3, choices=ActingKind.choices, default=ActingKind.PLH)
    starts_on = models.DateField(_("mulai tanggal"))
    ends_on = models.DateField(_("sampai tanggal"))
    position = models.CharField(_("jabatan pada E-LHU"), max_length=200, blank=True,
                                help_text=_("Kosongkan untuk “Plh./Plt. Kepala <nama Balai>”."))
    decree = models.CharField(_("nomor surat penunjukan"), max_length=120, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("diberikan oleh"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("kewenangan TTE Plh./Plt.")
        verbose_name_plural = _("kewenangan TTE Plh./Plt.")

    def __str__(self):
        return f"{self.get_kind_display()} {self.user} {self.starts_on}–{self.ends_on}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Tanggal akhir tidak boleh sebelum tanggal mulai.")})

    @property
    def position_title(self) -> str:
        return self.title_in(None)

    def title_in(self, unit) -> str:
        """The acting title printed under a signature for `unit` (a Unit or its id; None: the default
        unit): the position the admin wrote, or "Plh./Plt. Kepala <the unit>"."""
        from certificates.delegation import _unit_name

        prefix = "Plh." if self.kind == ActingKind.PLH else "Plt."
        return self.position or f"{prefix} Kepala {_unit_name(unit)}"


class BatchStatus(models.TextChoices):
    QUEUED = "QUEUED", _("Menunggu diproses")
    RUNNING = "RUNNING", _("Sedang ditandatangani")
    DONE = "DONE", _("Selesai")
    FAILED = "FAILED", _("Gagal")


class ItemStatus(models.TextChoices):
    PENDING = "PENDING", _("Menunggu")
    RUNNING = "RUNNING", _("Sedang ditandatangani")
    SIGNED = "SIGNED", _("Ditandatangani")
    FAILED = "FAILED", _("Gagal")


class SigningBatch(models.Model):
    """Reports a head of centre chose to sign with one passphrase entry; signed in the background.
    The passphrase is not here: it waits, encrypted and expiring, in the signing cache only."""

    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signing_batches")
    status = models.CharField(max_length=8, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("penandatanganan massal")
        verbose_name_plural = _("penandatanganan massal")

    def __str__(self):
        return f"#{self.pk} {self.signer}"

    @property
    def finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED)


class SigningBatchItem(models.Model):
    batch = models.ForeignKey(SigningBatch, on_delete=models.CASCADE, related_name="items")
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    reason = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["batch", "report"], name="batch_item_once")]


def revision_pdf_path(instance, filename):
    return f"reports/{timezone.now():%Y/%m}/{instance.report.token}.r{instance.number}.pdf"


class ReportRevision(models.Model):
    """A file of a signed report, in the order it was kept: number 0 is the signed PDF itself
    (Report.signed_pdf, recorded here once with the expiry of its document timestamp), each later one
    the same PDF with an archival document timestamp appended as an incremental update (PAdES B-LTA,
    manage.py archive_timestamps). The signed PDF is never altered; every revision is a file of its
    own with its own SHA-256, and the verify page accepts each one as the report."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    pdf = models.FileField(upload_to=revision_pdf_path, max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When the TSA certificate of this file's last document timestamp expires (None: it has none).
    timestamp_expires = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_revision_once")]
        verbose_name = _("revisi berkas E-LHU")
        verbose_name_plural = _("revisi berkas E-LHU")

    def __str__(self):
        return f"{self.report.number} r{self.number}"

    def delete(self, *args, **kwargs):
        raise ValueError("report revisions are never deleted")
