from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class LocalizedName:
    """`display_name`: the English name where the page is in English and one is recorded, else the
    (Indonesian) name. Stored documents (certificates, receipts) are rendered in Indonesian."""

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


def localized_name(path: str):
    """An expression for the catalogue name at `path` (e.g. "laboratory__name") in the page's
    language, for queries that group by it: the English name where one is recorded."""
    if (get_language() or "").startswith("en"):
        return Coalesce(NullIf(f"{path}_en", Value("")), path)
    return F(path)


class Field(LocalizedName, models.Model):
    """A field of calibration: mass, temperature, pressure, volume…"""

    code = models.SlugField(unique=True)
    name = models.CharField(_("nama"), max_length=100)
    name_en = models.CharField(_("nama (Inggris)"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("bidang kalibrasi")
        verbose_name_plural = _("bidang kalibrasi")

    def __str__(self):
        return self.display_name


class Laboratory(LocalizedName, models.Model):
    code = models.SlugField(unique=True)
    name = models.CharField(_("nama"), max_length=100)
    name_en = models.CharField(_("nama (Inggris)"), max_length=100, blank=True)
    # The unit the laboratory belongs to (given the default unit when created without one: units.signals).
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit kerja"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="laboratories")

    class Meta:
        ordering = ["name"]
        verbose_name = _("laboratorium")
        verbose_name_plural = _("laboratorium")

    def __str__(self):
        return self.display_name


class InstrumentType(LocalizedName, models.Model):
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="instrument_types")
    laboratory = models.ForeignKey(Laboratory, on_delete=models.PROTECT, related_name="instrument_types")
    name = models.CharField(_("jenis alat"), max_length=150)
    name_en = models.CharField(_("jenis alat (Inggris)"), max_length=150, blank=True)
    range_label = models.CharField(_("rentang/kapasitas"), max_length=100, blank=True)
    parameters = models.CharField(
        _("parameter"), max_length=300,
        help_text=_("Parameter yang dikalibrasi, dipisah koma, mis. 'Linearitas, Repeatabilitas, Eksentrisitas'."),
    )
    parameters_en = models.CharField(
        _("parameter (Inggris)"), max_length=300, blank=True,
        help_text=_("Nama parameter dalam bahasa Inggris, dipisah koma, dalam urutan yang sama, "
                    "mis. 'Linearity, Repeatability, Eccentricity'."),
    )
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["field__name", "name", "range_label"]
        verbose_name = _("jenis alat")
        verbose_name_plural = _("jenis alat")

    def __str__(self):
        return f"{self.display_name} {self.range_label}".strip()

    def save(self, *args, **kwargs):
        """A new instrument type is offered by the unit of its laboratory (UnitOffering)."""
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding and self.laboratory_id:
            unit_id = Laboratory.objects.filter(pk=self.laboratory_id).values_list("unit_id", flat=True).first()
            if unit_id is not None:
                UnitOffering.objects.get_or_create(unit_id=unit_id, instrument_type=self,
                                                   defaults={"laboratory_id": self.laboratory_id})

    @property
    def parameter_names(self) -> list[str]:
        return [p.strip() for p in self.parameters.split(",") if p.strip()]

    def parameter_label(self, name: str) -> str:
        """A parameter's name in the page's language: on English pages the English name recorded at the same
        position, else the (Indonesian) name as it is."""
        if not (self.parameters_en and (get_language() or "").startswith("en")):
            return name
        english = [p.strip() for p in self.parameters_en.split(",")]
        names = self.parameter_names
        if name in names and names.index(name) < len(english) and english[names.index(name)]:
            return english[names.index(name)]
        return name

    def current_tariff(self, when=None):
        when = (when or timezone.localdate())
        return (
            self.tariffs.filter(valid_from__lte=when)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=when))
            .select_related("regulation").order_by("-valid_from")
            .first()
        )


class TariffUnit(models.TextChoices):
    INSTRUMENT = "INSTRUMENT", _("per alat")
    POINT = "POINT", _("per titik/kanal")


class Regulation(models.Model):
    """A regulation that sets PNBP tariffs (e.g. PP 54/2021), with the period it is in force and the
    regulation that replaced it. Every tariff names the regulation it comes from."""

    number = models.CharField(_("nomor"), max_length=60, unique=True, help_text=_("Mis. 'PP 54/2021'."))
    title = models.CharField(_("judul"), max_length=300)
    in_force_from = models.DateField(_("berlaku mulai"))
    in_force_until = models.DateField(_("berlaku sampai"), null=True, blank=True,
                                      help_text=_("Kosongkan selama peraturan masih berlaku."))
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="supersedes", verbose_name=_("digantikan oleh"))

    class Meta:
        ordering = ["-in_force_from"]
        verbose_name = _("peraturan tarif")
        verbose_name_plural = _("peraturan tarif")
        constraints = [
            models.CheckConstraint(
                condition=Q(in_force_until__isnull=True) | Q(in_force_until__gte=models.F("in_force_from")),
                name="regulation_period_ordered"),
        ]

    def __str__(self):
        return self.number

    def in_force_on(self, when) -> bool:
        return self.in_force_from <= when and (self.in_force_until is None or when <= self.in_force_until)


class Tariff(models.Model):
    """A PNBP tariff for an instrument type, valid for a period, under the regulation that sets it.
    Orders copy its amount, so a later change never alters a past order."""

    instrument_type = models.ForeignKey(InstrumentType, on_delete=models.PROTECT, related_name="tariffs")
    code = models.CharField(_("kode tarif"), max_length=30)
    unit = models.CharField(_("satuan"), max_length=12, choices=TariffUnit.choices, default=TariffUnit.INSTRUMENT)
    amount = models.PositiveBigIntegerField(_("tarif (Rp)"))
    regulation = models.ForeignKey(Regulation, on_delete=models.PROTECT, related_name="tariffs",
                                   verbose_name=_("dasar hukum"))
    valid_from = models.DateField(_("berlaku mulai"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        ordering = ["instrument_type", "-valid_from"]
        verbose_name = _("tarif")
        verbose_name_plural = _("tarif")
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                                   name="tariff_period_ordered"),
        ]

    def __str__(self):
        return f"{self.code} {self.instrument_type} Rp {self.amount} {self.get_unit_display()}"


class TariffReduction(models.Model):
    """A reduced or zero tariff ("tarif tertentu", Permenperin 19/2021) that a regulation grants a customer,
    for every instrument type or one, during a period. Applied when an order line is priced and frozen
    on that line; changing or ending a reduction later never alters a past order."""

    company = models.ForeignKey("accounts.Company", on_delete=models.PROTECT, related_name="tariff_reductions",
                                verbose_name=_("perusahaan"))
    instrument_type = models.ForeignKey(
        InstrumentType, null=True, blank=True, on_delete=models.PROTECT, related_name="reductions",
        verbose_name=_("jenis alat"), help_text=_("Kosongkan bila keringanan berlaku untuk semua jenis alat."))
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="tariff_reductions",
        verbose_name=_("unit kerja"), help_text=_("Kosongkan bila keringanan berlaku di semua unit."))
    percent = models.PositiveSmallIntegerField(
        _("keringanan (%)"), help_text=_("Persentase pengurangan tarif: 100 berarti tarif Rp 0."))
    legal_basis = models.CharField(_("dasar hukum"), max_length=200,
                                   help_text=_("Mis. 'Permenperin 19/2021 pasal 3'."))
    reason = models.TextField(_("alasan"))
    valid_from = models.DateField(_("berlaku mulai"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("dicatat oleh"))
    created_at = models.DateTimeField(_("dicatat pada"), default=timezone.now)

    class Meta:
        ordering = ["company", "-valid_from"]
        verbose_name = _("keringanan tarif")
        verbose_name_plural = _("keringanan tarif")
        constraints = [
            models.CheckConstraint(condition=Q(percent__gte=1) & Q(percent__lte=100), name="reduction_percent_1_100"),
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                                   name="reduction_period_ordered"),
        ]

    def __str__(self):
        return f"{self.company} −{self.percent}% ({self.legal_basis})"

    def reduced(self, amount: int) -> int:
        """The amount after this reduction, rounded down to whole rupiah."""
        return amount * (100 - self.percent) // 100

    @classmethod
    def applicable(cls, company_id, instrument_type_id, when, unit_id=None):
        """The largest reduction in force for this company and instrument type on `when` in the unit
        `unit_id` (a reduction limited to another unit does not apply), or None."""
        return (
            cls.objects.filter(company_id=company_id, valid_from__lte=when)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=when))
            .filter(Q(instrument_type__isnull=True) | Q(instrument_type_id=instrument_type_id))
            .filter(Q(unit__isnull=True) | Q(unit_id=unit_id))
            .order_by("-percent", "-valid_from").first()
        )


class UnitOffering(models.Model):
    """What a unit offers (its scope): an instrument type of the national tariff list that one of the unit's
    laboratories calibrates, at the national price. The order form of a unit offers only these types, and an
    instrument ordered there goes to the laboratory named here. An instrument type is offered by the unit of
    its own laboratory from its creation (InstrumentType.save); other units offer it through rows added in
    the admin, the tariff import (column “Unit”) or the demo."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="offerings",
                             verbose_name=_("unit kerja"))
    instrument_type = models.ForeignKey(InstrumentType, on_delete=models.CASCADE, related_name="offerings",
                                        verbose_name=_("jenis alat"))
    laboratory = models.ForeignKey(Laboratory, on_delete=models.PROTECT, related_name="offerings",
                                   verbose_name=_("laboratorium"))

    class Meta:
        ordering = ["unit", "instrument_type"]
        verbose_name = _("layanan unit")
        verbose_name_plural = _("layanan unit")
        constraints = [models.UniqueConstraint(fields=["unit", "instrument_type"], name="offering_once_per_unit")]

    def __str__(self):
        return f"{self.unit}: {self.instrument_type}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.laboratory_id and self.unit_id and self.laboratory.unit_id != self.unit_id:
            raise ValidationError({"laboratory": _("Pilih laboratorium milik unit ini.")})
