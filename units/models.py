"""A unit (satuan kerja, satker): one Balai of the ministry inside the one installation.

What is a setting per Balai today (name, address, SIMPONI satker code, time zone, office hours, number
formats, accreditation number, logo) is a field of its unit; the values of the installation's only unit
come from those settings (units/migrations/0002). The head of centre is whoever holds the role
KEPALA_BALAI in the unit (accounts.UserRole.unit), not a field here.
"""
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

TIME_ZONES = [
    ("Asia/Jakarta", _("WIB (Asia/Jakarta)")),
    ("Asia/Makassar", _("WITA (Asia/Makassar)")),
    ("Asia/Jayapura", _("WIT (Asia/Jayapura)")),
]
# The placeholders a number format may use (core.numbering.format_number).
NUMBER_FIELDS = {"seq", "year", "year2", "month", "month_roman", "satker"}


def default_number_formats() -> dict:
    """Today's formats of every series (settings.NUMBER_FORMATS), a fresh copy per unit."""
    return dict(settings.NUMBER_FORMATS)


def default_office_weekdays() -> list:
    return list(settings.OFFICE_WEEKDAYS)


class Unit(models.Model):
    code = models.SlugField(_("kode"), max_length=20, unique=True,
                            help_text=_("Kode singkat unit, tetap setelah dibuat (mis. bspji-palembang)."))
    name = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    short_name = models.CharField(_("nama singkat"), max_length=60)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    satker_code = models.CharField(_("kode satker SIMPONI"), max_length=6, blank=True)
    time_zone = models.CharField(_("zona waktu"), max_length=20, choices=TIME_ZONES, default="Asia/Jakarta")
    office_start = models.TimeField(_("jam kerja mulai"))
    office_end = models.TimeField(_("jam kerja selesai"))
    office_weekdays = models.JSONField(_("hari kerja"), default=default_office_weekdays,
                                       help_text=_("Hari kerja dalam seminggu, 0 = Senin sampai 6 = Minggu."))
    number_formats = models.JSONField(_("format nomor"), default=default_number_formats,
                                      help_text=_("Format nomor per seri dokumen (order, sampel, E-LHU, …)."))
    logo = models.CharField(_("logo kop surat"), max_length=200, blank=True,
                            help_text=_("Berkas gambar di bawah static/, mis. img/logo.png."))
    accreditation_number = models.CharField(_("nomor akreditasi KAN"), max_length=40, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")

    def __str__(self):
        return self.short_name or self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    def clean(self):
        errors = {}
        if self.office_start and self.office_end and self.office_start >= self.office_end:
            errors["office_end"] = _("Jam kerja selesai harus sesudah jam mulai.")
        days = self.office_weekdays
        if not isinstance(days, list) or not days or not all(isinstance(d, int) and 0 <= d <= 6 for d in days) \
                or len(set(days)) != len(days):
            errors["office_weekdays"] = _("Tuliskan daftar hari kerja tanpa duplikat, 0 (Senin) sampai 6 (Minggu).")
        problem = number_formats_problem(self.number_formats)
        if problem:
            errors["number_formats"] = problem
        if errors:
            raise ValidationError(errors)


def number_formats_problem(formats) -> str:
    """Why `formats` cannot number documents (empty when it can): every series of settings.NUMBER_FORMATS,
    each a format with {seq} and no placeholder the numbering service does not fill."""
    if not isinstance(formats, dict):
        return _("Format nomor harus berupa pasangan seri dan format.")
    missing = sorted(set(settings.NUMBER_FORMATS) - set(formats))
    if missing:
        return _("Format untuk seri berikut belum ada: %(series)s.") % {"series": ", ".join(missing)}
    for series, fmt in formats.items():
        try:
            names = {name.split(".")[0].split("[")[0] for _text, name, _spec, _conv
                     in string.Formatter().parse(str(fmt)) if name is not None}
        except ValueError:
            names = {""}
        if "seq" not in names or not names <= NUMBER_FIELDS:
            return _("Format seri %(series)s harus memuat {seq} dan hanya {year}, {year2}, {month}, "
                     "{month_roman}, {satker}.") % {"series": series}
    return ""
