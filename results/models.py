"""Calibration results of an instrument (SOP steps 14-16): the sheet, its points, the history of
changes after the first submission, and the comments of the supervisor and the technical manager.

Numbers are kept as the analyst typed them (normalised to a dot decimal separator) so that the
significant digits of a reading survive; `results.numbers` parses and checks them.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DecisionRule(models.TextChoices):
    """Decision rules of ILAC-G8:09/2019 for a statement of conformity."""

    SIMPLE = "simple", _("Penerimaan sederhana (ILAC-G8): sesuai bila |penyimpangan| ≤ toleransi")
    GUARDED = "guarded", _("Pita pengaman w = U (ILAC-G8): sesuai bila |penyimpangan| ≤ toleransi − U, "
                           "tidak sesuai bila > toleransi + U, selain itu tidak dapat disimpulkan")


class Stage(models.TextChoices):
    NONE = "", _("—")
    BEFORE = "before", _("Sebelum penyetelan")
    AFTER = "after", _("Sesudah penyetelan")


class Conformity(models.TextChoices):
    NONE = "", _("—")
    PASS = "pass", _("Sesuai")
    FAIL = "fail", _("Tidak sesuai")
    INCONCLUSIVE = "inconclusive", _("Tidak dapat disimpulkan")


class ResultSheet(models.Model):
    """The per-instrument part of the results: when and in what conditions it was calibrated, and
    who entered, verified and validated the results."""

    instrument = models.OneToOneField("orders.Instrument", on_delete=models.PROTECT, related_name="result_sheet")
    calibration_date = models.DateField(_("tanggal kalibrasi"), null=True, blank=True)
    temperature = models.CharField(_("suhu lingkungan (°C)"), max_length=30, blank=True)
    humidity = models.CharField(_("kelembapan relatif (%)"), max_length=30, blank=True)
    method = models.ForeignKey("metrology.CalibrationMethod", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("metode kalibrasi"))
    standards = models.ManyToManyField("metrology.ReferenceStandard", blank=True, related_name="+",
                                       verbose_name=_("standar acuan"))
    resolution = models.CharField(_("resolusi alat"), max_length=30, blank=True)
    adjusted = models.BooleanField(_("alat disetel (adjustment)"), default=False)
    decision_rule = models.CharField(_("aturan keputusan"), max_length=20, choices=DecisionRule.choices, blank=True)
    tolerance_value = models.CharField(_("toleransi (±)"), max_length=30, blank=True)
    deviations = models.TextField(_("penyimpangan dari metode"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    # Set by the first submission: from then on every change is kept in ResultChange.
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        verbose_name = _("lembar hasil kalibrasi")
        verbose_name_plural = _("lembar hasil kalibrasi")

    def __str__(self):
        return str(self.instrument)


class CalibrationPoint(models.Model):
    """One calibration point of a parameter: nominal (standard) value, the instrument's readings,
    the correction and the expanded uncertainty U with its coverage factor k."""

    parameter = models.ForeignKey("lab.Parameter", on_delete=models.PROTECT, related_name="points")
    position = models.PositiveSmallIntegerField(default=1)
    nominal = models.CharField(_("nilai nominal/standar"), max_length=30)
    readings = models.JSONField(_("pembacaan alat"), default=list)
    correction = models.CharField(_("koreksi"), max_length=30, blank=True)
    expanded_uncertainty = models.CharField(_("ketidakpastian diperluas (U)"), max_length=30, blank=True)
    unit = models.CharField(_("satuan"), max_length=20, blank=True)
    coverage_factor = models.CharField(_("faktor cakupan (k)"), max_length=10, default="2")
    stage = models.CharField(_("tahap"), max_length=10, choices=Stage.choices, blank=True, default="")
    # The budget as evaluated when the point was saved (see metrology.budgets.PointBudget.as_dict): empty
    # while the draft has no method yet, {"problem": …} when the point could not be evaluated.
    budget = models.JSONField(_("anggaran ketidakpastian"), default=dict, blank=True)
    conformity = models.CharField(_("kesesuaian"), max_length=15, choices=Conformity.choices, blank=True, default="")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["parameter", "position", "id"]
        verbose_name = _("titik kalibrasi")
        verbose_name_plural = _("titik kalibrasi")

    def __str__(self):
        return f"{self.parameter.name} {self.nominal} {self.unit}".strip()

    @property
    def complete(self) -> bool:
        return bool(self.nominal and self.readings and self.correction and self.expanded_uncertainty
                    and self.unit and self.coverage_factor)


# Names of the fields a history entry may name ("row" is a row added or removed).
FIELD_LABELS = {
    "nominal": _("nilai nominal"), "readings": _("pembacaan"), "correction": _("koreksi"),
    "expanded_uncertainty": _("ketidakpastian U"), "unit": _("satuan"), "coverage_factor": _("faktor cakupan k"),
    "calibration_date": _("tanggal kalibrasi"), "temperature": _("suhu"), "humidity": _("kelembapan"),
    "row": _("baris"), "stage": _("tahap"), "method": _("metode"), "standards": _("standar acuan"),
    "resolution": _("resolusi"), "adjusted": _("penyetelan"), "decision_rule": _("aturan keputusan"),
    "tolerance_value": _("toleransi"), "deviations": _("penyimpangan dari metode"),
}


class ResultChange(models.Model):
    """A change to a result after it was first submitted: append-only, never edited or deleted."""

    instrument = models.ForeignKey("orders.Instrument", on_delete=models.PROTECT, related_name="result_changes")
    point = models.ForeignKey(CalibrationPoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    row_label = models.CharField(_("baris"), max_length=200)
    field = models.CharField(_("kolom"), max_length=60)
    old_value = models.TextField(_("nilai lama"), blank=True)
    new_value = models.TextField(_("nilai baru"), blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["instrument", "changed_at", "id"]
        verbose_name = _("riwayat perubahan hasil")
        verbose_name_plural = _("riwayat perubahan hasil")

    @property
    def field_label(self) -> str:
        return str(FIELD_LABELS.get(self.field, self.field))

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("result history is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("result history is never deleted")


class CommentKind(models.TextChoices):
    RETURN_VERIFICATION = "instrument.return_verification", _("Dikembalikan penyelia")
    RETURN_VALIDATION = "instrument.return_validation", _("Dikembalikan manajer teknis")
    VERIFY = "instrument.verify", _("Catatan verifikasi")
    VALIDATE = "instrument.validate", _("Catatan validasi")


class ResultComment(models.Model):
    """A comment of the supervisor or the technical manager on the results; a send-back always has one."""

    instrument = models.ForeignKey("orders.Instrument", on_delete=models.PROTECT, related_name="result_comments")
    kind = models.CharField(max_length=40, choices=CommentKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("peran"), max_length=20)
    # A comment on one calibration point (the row label is kept should the analyst remove the point).
    point = models.ForeignKey(CalibrationPoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments")
    row_label = models.CharField(_("baris"), max_length=200, blank=True)
    text = models.TextField(_("komentar"))
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("komentar hasil")
        verbose_name_plural = _("komentar hasil")

    def __str__(self):
        return self.text[:60]

    @property
    def is_return(self) -> bool:
        return self.kind in (CommentKind.RETURN_VERIFICATION, CommentKind.RETURN_VALIDATION)


def attachment_path(instance, filename):
    return f"results/{timezone.now():%Y/%m}/{instance.stored_name}"


class AttachmentQuerySet(models.QuerySet):
    def current(self):
        """The files that belong to the results: not withdrawn by the analyst."""
        return self.filter(withdrawn_at__isnull=True)


class ResultAttachment(models.Model):
    """A raw data file of the calibration (spreadsheet, export of the instrument, photo, scan).

    A file attached by mistake may be withdrawn before it goes to the supervisor with the results: the
    row and the file are kept (with who withdrew it and when), but nothing lists or serves it again."""

    instrument = models.ForeignKey("orders.Instrument", on_delete=models.PROTECT, related_name="result_attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    stored_name = models.CharField(max_length=80)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(_("ditarik pada"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("ditarik oleh"))

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["instrument", "uploaded_at", "id"]
        verbose_name = _("lampiran data mentah")
        verbose_name_plural = _("lampiran data mentah")

    def __str__(self):
        return self.original_name
