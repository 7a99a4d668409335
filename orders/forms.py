from django import forms
from django.db.models import Prefetch, Q
from django.forms import formset_factory
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import InstrumentType, Tariff
from core.formatting import money
from orders.services import MAX_INSTRUMENTS_PER_ORDER, InstrumentLine


class ListedChoices(ModelChoiceIterator):
    """The choices read as one plain query: the default `iterator()` opens a server-side cursor on
    PostgreSQL (three round trips) for a list of a few dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


def with_current_tariffs(types):
    """The instrument types with their tariffs valid today (`current_tariffs`, newest first), in one query
    for every type rather than one per type."""
    today = timezone.localdate()
    current = (Tariff.objects.filter(valid_from__lte=today)
               .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today)).order_by("-valid_from"))
    return types.prefetch_related(Prefetch("tariffs", queryset=current, to_attr="current_tariffs"))


class InstrumentTypeChoice(forms.ModelChoiceField):
    iterator = ListedChoices

    def label_from_instance(self, obj):
        tariffs = getattr(obj, "current_tariffs", None)
        tariff = (tariffs[0] if tariffs else None) if tariffs is not None else obj.current_tariff()
        price = f" — {money(tariff.amount)} {tariff.get_unit_display()}" if tariff else ""
        return f"{obj.field.display_name}: {obj}{price}"


# A unit's time zone in words, for the customer choosing where to send the instruments.
TIME_ZONE_WORDS = {
    "Asia/Jakarta": _("WIB, Waktu Indonesia Barat"),
    "Asia/Makassar": _("WITA, Waktu Indonesia Tengah"),
    "Asia/Jayapura": _("WIT, Waktu Indonesia Timur"),
}


class UnitChoice(forms.ModelChoiceField):
    iterator = ListedChoices

    def label_from_instance(self, obj):
        return f"{obj.short_name} — {TIME_ZONE_WORDS.get(obj.time_zone, obj.time_zone)}"


def active_units():
    from units.models import Unit

    return Unit.objects.filter(is_active=True).order_by("short_name", "pk")


class OrderUnitForm(forms.Form):
    """Step 4 begins with the unit the customer sends the instruments to: the active units by their short
    name and time zone. With one active unit it is chosen already and not shown; a form sent without a
    unit is for the default unit."""

    unit = UnitChoice(label=_("Unit tujuan (Balai)"), queryset=active_units(), to_field_name="code",
                      empty_label=None, required=False,
                      help_text=_("Jenis alat yang dapat dipilih adalah layanan unit ini. Setelah mengganti unit, "
                                  "tekan “Tampilkan layanan unit”."),
                      error_messages={"invalid_choice": _("Pilih unit dari daftar.")})

    def __init__(self, *args, **kwargs):
        from units.current import active_unit_count, default_unit

        super().__init__(*args, **kwargs)
        self.single = active_unit_count() <= 1
        if self.single:
            self.fields["unit"].widget = forms.HiddenInput()
            self.fields["unit"].help_text = ""
        if not self.initial.get("unit"):
            self.initial["unit"] = default_unit().code

    def clean_unit(self):
        from units.current import default_unit

        return self.cleaned_data.get("unit") or default_unit()

    def chosen(self):
        """The unit as chosen, valid or not (the lines offer its instrument types): None for a code that is
        no active unit's."""
        from units.current import default_unit

        code = self.data.get(self.add_prefix("unit"), "") if self.is_bound else self.initial.get("unit")
        code = str(getattr(code, "code", code) or "")[:20]
        if not code or code == default_unit().code:
            return default_unit()
        return active_units().filter(code=code).first()


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
    customer_identification = forms.CharField(
        label=_("Identifikasi alat di perusahaan Anda (opsional)"), max_length=2000, required=False,
        help_text=_("Mis. nomor aset atau tag (TB-07). Beberapa nomor seri: tulis satu identifikasi per nomor seri, "
                    "dipisah koma, dalam urutan yang sama."))

    def __init__(self, *args, unit=None, **kwargs):
        """`unit`: the unit ordered from; the instrument types offered are its own (catalog.offerings)."""
        super().__init__(*args, **kwargs)
        self.unit = unit
        field = self.fields["instrument_type"]
        if unit is None:
            field.queryset = with_current_tariffs(field.queryset)
        else:
            from catalog.offerings import offered_types

            field.queryset = with_current_tariffs(offered_types(unit.pk))
            field.error_messages = {**field.error_messages, "invalid_choice": _(
                "Jenis alat ini tidak dilayani oleh %(unit)s. Pilih jenis alat dari daftar, atau pilih unit "
                "lain.") % {"unit": unit.short_name}}

    def clean_serial_numbers(self):
        serials = [s.strip() for s in self.cleaned_data["serial_numbers"].replace("\n", ",").split(",") if s.strip()]
        if not serials:
            raise forms.ValidationError(_("Isi nomor seri."))
        if len(set(serials)) != len(serials):
            raise forms.ValidationError(_("Ada nomor seri yang tertulis dua kali."))
        if any(len(s) > 100 for s in serials):
            raise forms.ValidationError(_("Nomor seri paling panjang 100 karakter."))
        return serials

    def clean(self):
        data = super().clean()
        serials, text = data.get("serial_numbers"), (data.get("customer_identification") or "").strip()
        if serials is None:
            return data
        idents = [text] if len(serials) == 1 or not text else [s.strip() for s in text.replace("\n", ",").split(",")]
        if text and len(idents) != len(serials):
            self.add_error("customer_identification", _("Tulis %(n)d identifikasi dipisah koma, satu per nomor seri.")
                           % {"n": len(serials)})
        elif any(len(i) > 100 for i in idents):
            self.add_error("customer_identification", _("Identifikasi alat paling panjang 100 karakter."))
        data["customer_identifications"] = idents if text else [""] * len(serials)
        return data

    def lines(self) -> list[InstrumentLine]:
        d = self.cleaned_data
        return [InstrumentLine(d["instrument_type"].pk, d["brand"], serial, d["capacity"], model=d["model"],
                               resolution=d["resolution"], points=d["points"], units=d["units"], tolerance=d["tolerance"],
                               customer_identification=ident)
                for serial, ident in zip(d["serial_numbers"], d["customer_identifications"], strict=True)]


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


class RupiahField(forms.IntegerField):
    """A whole number of rupiah: '300000', '300.000' or 'Rp 300.000', from 0 to the line bound."""

    def __init__(self, **kwargs):
        from orders.money import MAX_LINE_AMOUNT

        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_LINE_AMOUNT)
        kwargs.setdefault("error_messages", {
            "invalid": _("Tulis bilangan bulat rupiah, mis. 250000."),
            "min_value": _("Tarif tidak boleh negatif."),
            "max_value": _("Tarif satu alat paling banyak Rp 1.000.000.000."),
        })
        super().__init__(**kwargs)
        self.widget.attrs.update({"step": "1", "inputmode": "numeric"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("Rp").strip().replace(".", "").replace(" ", "")
            if len(value) > 30:  # far beyond any bound: no need to read it as a number
                raise forms.ValidationError(self.error_messages["max_value"], code="max_value")
        return super().to_python(value)


class TariffApprovalForm(forms.Form):
    """Step 6: one approved amount and correction reason per instrument line, and a note. A changed
    amount needs its reason; the order total stays within what one e-billing can carry."""

    note = forms.CharField(label=_("Catatan (opsional)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, instruments, **kwargs):
        super().__init__(*args, **kwargs)
        self.instruments = list(instruments)
        for inst in self.instruments:
            self.fields[f"amount_{inst.pk}"] = RupiahField(label=_("Jumlah disetujui"), initial=inst.effective_amount)
            self.fields[f"reason_{inst.pk}"] = forms.CharField(
                label=_("Alasan koreksi"), max_length=1000, required=False, initial=inst.correction_reason)

    def rows(self):
        return [(inst, self[f"amount_{inst.pk}"], self[f"reason_{inst.pk}"]) for inst in self.instruments]

    def clean(self):
        from django.core.exceptions import ValidationError

        from orders.money import check_order_total

        data = super().clean()
        total, complete = 0, True
        for inst in self.instruments:
            amount = data.get(f"amount_{inst.pk}")
            if amount is None:
                complete = False
                continue
            total += amount
            if amount != inst.effective_amount and not (data.get(f"reason_{inst.pk}") or "").strip():
                self.add_error(f"reason_{inst.pk}", _("Tulis alasan koreksi: pelanggan melihat tarif katalog dan "
                                                      "jumlah yang disetujui."))
        if complete:
            try:
                check_order_total(total)
            except ValidationError as exc:
                self.add_error(None, exc)
        return data

    def corrections(self) -> dict[int, tuple[int, str]]:
        d = self.cleaned_data
        return {inst.pk: (d[f"amount_{inst.pk}"], d[f"reason_{inst.pk}"].strip()) for inst in self.instruments
                if d[f"amount_{inst.pk}"] != inst.effective_amount}
