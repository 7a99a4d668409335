"""What the laboratory calibrates with: calibration methods (points, repeat readings, the form of the
correction and the uncertainty budget template), the reference standards with their certificates, and
which analyst is authorised for which method (ISO/IEC 17025 6.2).

The correction and every budget contribution are chosen from forms the code provides
(`CorrectionForm`, `ContributionSource`, `Distribution`): nothing typed into the admin is executed.
"""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EXPIRY_WARNING_DAYS = 30


class CorrectionForm(models.TextChoices):
    STANDARD_MINUS_MEAN = "standard_minus_mean", _("Koreksi = nilai standar − rata-rata pembacaan alat")
    MEAN_MINUS_STANDARD = "mean_minus_standard", _("Kesalahan = rata-rata pembacaan alat − nilai standar")
    COMPARISON = "comparison", _("Penimbangan banding: koreksi = koreksi standar + rata-rata selisih (uji − standar)")


class ContributionSource(models.TextChoices):
    READINGS = "readings", _("Pembacaan berulang (tipe A)")
    STANDARD = "standard", _("Sertifikat standar acuan (U dan k)")
    RESOLUTION = "resolution", _("Resolusi alat (setengah resolusi)")
    FIXED = "fixed", _("Nilai tetap dari metode (drift, lingkungan, dll.)")


class Distribution(models.TextChoices):
    NORMAL = "normal", _("Normal (nilai = U, dengan k)")
    RECTANGULAR = "rectangular", _("Segi empat (nilai = setengah lebar)")
    TRIANGULAR = "triangular", _("Segitiga (nilai = setengah lebar)")
    U_SHAPED = "u_shaped", _("Bentuk U (nilai = setengah lebar)")


class CalibrationMethod(models.Model):
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama metode"), max_length=200)
    instrument_types = models.ManyToManyField("catalog.InstrumentType", related_name="+",
                                              verbose_name=_("jenis alat"))
    reference = models.CharField(_("acuan"), max_length=300, blank=True,
                                 help_text=_("Dokumen acuan, mis. OIML R 111-1, EURAMET cg-18, IK internal."))
    points = models.CharField(_("titik kalibrasi"), max_length=300, blank=True,
                              help_text=_("Nilai nominal yang disarankan, dipisah titik koma, mis. '0; 50; 100'."))
    unit = models.CharField(_("satuan"), max_length=20)
    repeat_readings = models.PositiveSmallIntegerField(
        _("jumlah pembacaan berulang"), default=3, validators=[MinValueValidator(1), MaxValueValidator(50)])
    correction_form = models.CharField(_("bentuk koreksi"), max_length=30, choices=CorrectionForm.choices,
                                       default=CorrectionForm.STANDARD_MINUS_MEAN)
    # The range the method is validated for, in its unit: an instrument whose capacity or range lies
    # outside it cannot be calibrated with it (metrology.ranges).
    range_min = models.DecimalField(_("rentang dari"), max_digits=18, decimal_places=6, null=True, blank=True,
                                    help_text=_("Dalam satuan metode; kosong = tanpa batas bawah."))
    range_max = models.DecimalField(_("rentang sampai"), max_digits=18, decimal_places=6, null=True, blank=True,
                                    help_text=_("Dalam satuan metode; kosong = tanpa batas atas."))
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("metode kalibrasi")
        verbose_name_plural = _("metode kalibrasi")

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def range_text(self) -> str:
        """'0 – 10000 g', '≥ 0,001 g', '' when the method states no range."""
        from core.formatting import quantity

        low, high = (quantity(v.normalize()) if v is not None else None for v in (self.range_min, self.range_max))
        if low is not None and high is not None:
            return f"{low} – {high} {self.unit}"
        if low is not None or high is not None:
            return f"{'≥ ' + low if low is not None else '≤ ' + high} {self.unit}"
        return ""

    @property
    def point_list(self) -> list[str]:
        return [p.strip() for p in self.points.split(";") if p.strip()]


class BudgetComponent(models.Model):
    """One line of a method's uncertainty budget template."""

    method = models.ForeignKey(CalibrationMethod, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveSmallIntegerField(_("urutan"), default=1)
    name = models.CharField(_("sumber ketidakpastian"), max_length=150)
    name_en = models.CharField(_("sumber ketidakpastian (Inggris)"), max_length=150, blank=True)
    source = models.CharField(_("asal nilai"), max_length=20, choices=ContributionSource.choices)
    distribution = models.CharField(_("distribusi"), max_length=20, choices=Distribution.choices,
                                    default=Distribution.RECTANGULAR,
                                    help_text=_("Untuk nilai tetap dan resolusi; tipe A dan standar acuan memakai "
                                                "distribusinya sendiri."))
    sensitivity = models.FloatField(_("koefisien sensitivitas"), default=1.0)
    value = models.FloatField(_("nilai"), null=True, blank=True,
                              help_text=_("Hanya untuk nilai tetap: setengah lebar, atau U untuk distribusi normal, "
                                          "dalam satuan metode."))
    relative = models.BooleanField(_("relatif terhadap nominal"), default=False,
                                   help_text=_("Nilai dikalikan dengan |nominal| (mis. 1e-6 untuk 1 ppm)."))
    k = models.FloatField(_("k (distribusi normal)"), default=2.0, validators=[MinValueValidator(0.1)])
    dof = models.FloatField(_("derajat kebebasan"), null=True, blank=True, validators=[MinValueValidator(1)],
                            help_text=_("Kosong = tak hingga (tipe A: n − 1 dari pembacaan)."))

    class Meta:
        ordering = ["method", "position", "id"]
        verbose_name = _("komponen anggaran ketidakpastian")
        verbose_name_plural = _("komponen anggaran ketidakpastian")

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.source == ContributionSource.FIXED and (self.value is None or self.value < 0):
            raise ValidationError({"value": _("Isi nilai (tidak negatif) untuk komponen bernilai tetap.")})


class ReferenceStandard(models.Model):
    """A reference standard of the laboratory with its current calibration certificate."""

    laboratory = models.ForeignKey("catalog.Laboratory", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("laboratorium"))
    name = models.CharField(_("nama standar"), max_length=200)
    # What the standard measures: only instruments of this field of calibration are offered it. Blank =
    # every field of its laboratory (e.g. a balance serving mass and gravimetric volume).
    field = models.ForeignKey("catalog.Field", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("bidang kalibrasi"),
                              help_text=_("Hanya alat bidang ini yang dapat memakai standar ini. Kosong = semua "
                                          "bidang laboratorium (mis. neraca standar untuk massa dan volume)."))
    identification = models.CharField(_("identifikasi (no. seri/kode)"), max_length=100)
    nominal = models.CharField(_("nilai nominal"), max_length=30, blank=True,
                               help_text=_("Untuk anak timbangan: nominalnya. Kosong = berlaku untuk seluruh rentang."))
    unit = models.CharField(_("satuan"), max_length=20)
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100)
    issuer = models.CharField(_("laboratorium penerbit"), max_length=200)
    correction = models.FloatField(_("koreksi/selisih dari nominal"), default=0.0,
                                   help_text=_("Nilai sertifikat dikurangi nominal, dalam satuan standar."))
    expanded_uncertainty = models.FloatField(_("ketidakpastian diperluas U"), validators=[MinValueValidator(0)])
    coverage_factor = models.FloatField(_("faktor cakupan k"), default=2.0, validators=[MinValueValidator(0.1)])
    valid_from = models.DateField(_("berlaku mulai"))
    valid_until = models.DateField(_("berlaku sampai"))
    traceability = models.TextField(_("pernyataan ketertelusuran"))
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["laboratory", "name", "identification"]
        verbose_name = _("standar acuan")
        verbose_name_plural = _("standar acuan")
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_until__gte=models.F("valid_from")),
                                   name="standard_validity_ordered"),
        ]

    def __str__(self):
        return f"{self.name} {self.identification}"

    def valid_on(self, day) -> bool:
        return self.valid_from <= day <= self.valid_until

    @property
    def expired(self) -> bool:
        return self.valid_until < timezone.localdate()

    @property
    def expiring_soon(self) -> bool:
        today = timezone.localdate()
        return today <= self.valid_until <= today + timedelta(days=EXPIRY_WARNING_DAYS)

    @property
    def days_left(self) -> int:
        return (self.valid_until - timezone.localdate()).days


class Authorisation(models.Model):
    """An analyst authorised to calibrate with a method (ISO/IEC 17025 6.2.5-6.2.6)."""

    analyst = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="authorisations",
                                verbose_name=_("analis"))
    method = models.ForeignKey(CalibrationMethod, on_delete=models.CASCADE, related_name="authorisations",
                               verbose_name=_("metode"))
    granted_on = models.DateField(_("diberikan tanggal"), default=timezone.localdate)
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    note = models.CharField(_("dasar kewenangan"), max_length=300, blank=True,
                            help_text=_("Mis. hasil uji kompetensi, pelatihan, SK penugasan."))

    class Meta:
        ordering = ["method", "analyst"]
        verbose_name = _("kewenangan analis")
        verbose_name_plural = _("kewenangan analis")
        constraints = [models.UniqueConstraint(fields=["analyst", "method"], name="one_authorisation_per_method")]

    def __str__(self):
        return f"{self.analyst} — {self.method}"


class AccreditationScope(models.Model):
    """One line of a laboratory's KAN accreditation scope: a calibration method (and, where given, one of
    its parameters) over a range in a unit. A result point the scope does not cover is reported as outside
    the scope of accreditation and does not carry the accreditation mark (ILAC-P8); see
    metrology.scope."""

    laboratory = models.ForeignKey("catalog.Laboratory", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("laboratorium"))
    method = models.ForeignKey(CalibrationMethod, on_delete=models.PROTECT, related_name="scopes",
                               verbose_name=_("metode"))
    parameter = models.CharField(_("parameter"), max_length=100, blank=True,
                                 help_text=_("Kosongkan bila berlaku untuk semua parameter metode ini."))
    range_min = models.DecimalField(_("rentang dari"), max_digits=18, decimal_places=6, null=True, blank=True,
                                    help_text=_("Kosong = tanpa batas bawah."))
    range_max = models.DecimalField(_("rentang sampai"), max_digits=18, decimal_places=6, null=True, blank=True,
                                    help_text=_("Kosong = tanpa batas atas."))
    unit = models.CharField(_("satuan"), max_length=20)
    kan_number = models.CharField(_("nomor akreditasi KAN"), max_length=60)

    class Meta:
        ordering = ["laboratory", "method", "parameter", "range_min"]
        verbose_name = _("ruang lingkup akreditasi")
        verbose_name_plural = _("ruang lingkup akreditasi")

    def __str__(self):
        low = "−∞" if self.range_min is None else f"{self.range_min.normalize():f}"
        high = "∞" if self.range_max is None else f"{self.range_max.normalize():f}"
        return f"{self.kan_number} {self.method.code} {self.parameter or '*'} {low}–{high} {self.unit}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.range_min is not None and self.range_max is not None and self.range_max < self.range_min:
            raise ValidationError({"range_max": _("Batas atas tidak boleh lebih kecil dari batas bawah.")})
