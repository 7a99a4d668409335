"""The central admin's form of a unit: every field of `units.Unit`, in words rather than raw values (the
time zone by name, the office days as day names, one text field per number series)."""
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from units.models import Unit, number_formats_problem

TIME_ZONE_WORDS = [
    ("Asia/Jakarta", _("Waktu Indonesia Barat (WIB)")),
    ("Asia/Makassar", _("Waktu Indonesia Tengah (WITA)")),
    ("Asia/Jayapura", _("Waktu Indonesia Timur (WIT)")),
]
WEEKDAYS = [(0, _("Senin")), (1, _("Selasa")), (2, _("Rabu")), (3, _("Kamis")), (4, _("Jumat")),
            (5, _("Sabtu")), (6, _("Minggu"))]
# The document series a unit numbers (settings.NUMBER_FORMATS), in words.
SERIES_WORDS = {
    "order": _("Nomor permohonan"),
    "sample": _("Nomor sampel"),
    "report": _("Nomor E-LHU"),
    "billing": _("Nomor kode billing internal"),
    "receipt": _("Nomor tanda terima"),
    "handover": _("Nomor berita acara serah terima"),
    "quotation": _("Nomor surat penawaran harga"),
}
FORMAT_HELP = _("Wajib memuat {seq}; boleh memuat {year}, {year2}, {month}, {month_roman}, {satker}.")


def format_field(series: str) -> str:
    return f"format_{series}"


class UnitForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Zona waktu"), choices=TIME_ZONE_WORDS)
    office_weekdays = forms.TypedMultipleChoiceField(
        label=_("Hari kerja"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih paling sedikit satu hari kerja.")})

    class Meta:
        model = Unit
        fields = ["code", "name", "name_en", "short_name", "address", "satker_code", "time_zone", "office_start",
                  "office_end", "office_weekdays", "logo", "accreditation_number", "is_active"]
        widgets = {"office_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "office_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # the code names the unit's number series (core.Counter.unit_code): fixed once the unit exists
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Kode unit tidak dapat diubah setelah unit dibuat.")
        formats = self.instance.number_formats or {}
        for series in self.series():
            self.fields[format_field(series)] = forms.CharField(
                label=SERIES_WORDS.get(series, series), max_length=100, initial=formats.get(series, ""),
                help_text=FORMAT_HELP)

    def clean_office_weekdays(self):
        return sorted(set(self.cleaned_data["office_weekdays"]))

    def series(self) -> list[str]:
        """Every series the installation numbers, then any other the unit already has."""
        known = list(settings.NUMBER_FORMATS)
        return known + [s for s in (self.instance.number_formats or {}) if s not in known]

    def clean(self):
        data = super().clean()
        for series in self.series():
            name = format_field(series)
            if name not in data:
                continue
            # each series checked alone against the installation's valid formats: the message (the model's
            # own) is shown beside the series it is about
            problem = number_formats_problem({**settings.NUMBER_FORMATS, series: data[name]})
            if problem:
                self.add_error(name, problem)
        return data

    def _post_clean(self):
        formats = dict(self.instance.number_formats or {})
        for series in self.series():
            value = self.cleaned_data.get(format_field(series))
            if value is not None and not self.has_error(format_field(series)):
                formats[series] = value
            else:  # refused beside its field: the model's check need not say it again
                formats[series] = settings.NUMBER_FORMATS.get(series, formats.get(series, "{seq}"))
        self.instance.number_formats = formats
        super()._post_clean()

    def _update_errors(self, errors):
        # the model's check of all the formats together, were the unit's old formats wrong: above the form
        if hasattr(errors, "error_dict") and "number_formats" in errors.error_dict:
            self.add_error(None, errors.error_dict.pop("number_formats"))
        super()._update_errors(errors)


class AppointAdminForm(forms.Form):
    """A staff member of the unit made its admin (ADMIN held in the unit)."""

    user = forms.ModelChoiceField(label=_("Pegawai"), queryset=User.objects.none(),
                                  empty_label=_("— pilih pegawai unit —"))

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["user"].queryset = candidates
