from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from catalog.models import InstrumentType
from orders.services import MAX_INSTRUMENTS_PER_ORDER, InstrumentLine


class InstrumentTypeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        tariff = obj.current_tariff()
        price = f" — Rp {tariff.amount:,}".replace(",", ".") + f" {tariff.get_unit_display()}" if tariff else ""
        return f"{obj.field.display_name}: {obj}{price}"


class InstrumentLineForm(forms.Form):
    instrument_type = InstrumentTypeChoice(
        label=_("Jenis alat"), queryset=InstrumentType.objects.filter(active=True).select_related("field"))
    brand = forms.CharField(label=_("Merek"), max_length=100)
    model = forms.CharField(label=_("Model/tipe"), max_length=100, required=False)
    serial_numbers = forms.CharField(
        label=_("Nomor seri"), max_length=2000,
        help_text=_("Beberapa alat serupa? Tulis semua nomor seri dipisah koma: satu baris per alat dibuat otomatis."))
    capacity = forms.CharField(label=_("Kapasitas/rentang"), max_length=100)
    resolution = forms.CharField(label=_("Resolusi"), max_length=50, required=False)
    points = forms.CharField(label=_("Titik/kanal kalibrasi"), max_length=300, required=False)
    units = forms.IntegerField(label=_("Jumlah titik/kanal"), min_value=1, max_value=100, initial=1,
                               help_text=_("Dipakai untuk tarif per titik/kanal."))
    tolerance = forms.CharField(label=_("Toleransi (opsional)"), max_length=100, required=False,
                                help_text=_("Isi bila meminta pernyataan kesesuaian."))

    def clean_serial_numbers(self):
        serials = [s.strip() for s in self.cleaned_data["serial_numbers"].replace("\n", ",").split(",") if s.strip()]
        if not serials:
            raise forms.ValidationError(_("Isi nomor seri."))
        if len(set(serials)) != len(serials):
            raise forms.ValidationError(_("Ada nomor seri yang tertulis dua kali."))
        if any(len(s) > 100 for s in serials):
            raise forms.ValidationError(_("Nomor seri paling panjang 100 karakter."))
        return serials

    def lines(self) -> list[InstrumentLine]:
        d = self.cleaned_data
        return [InstrumentLine(d["instrument_type"].pk, d["brand"], serial, d["capacity"], model=d["model"],
                               resolution=d["resolution"], points=d["points"], units=d["units"], tolerance=d["tolerance"])
                for serial in d["serial_numbers"]]


InstrumentLineFormSet = formset_factory(InstrumentLineForm, extra=0, min_num=1, validate_min=True,
                                        max_num=MAX_INSTRUMENTS_PER_ORDER, validate_max=True)


class OrderNotesForm(forms.Form):
    notes = forms.CharField(label=_("Catatan untuk CS (opsional)"), max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan (opsional)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
