"""The treasurer's forms: accepting a proof of payment records what the state receipt (BPN) says."""
from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NTPN_FORMAT = re.compile(r"^[A-Z0-9]{16}$")


def normalise_ntpn(value: str) -> str:
    """The NTPN as printed on the BPN, without spaces or dashes, in capitals."""
    return re.sub(r"[\s\-]", "", value or "").upper()


class AcceptPaymentForm(forms.Form):
    """Step 10 by hand: the NTPN (16 letters or digits, unique across payments), when and through which
    bank the payment was made, as the state billing's automatic road records them."""

    ntpn = forms.CharField(label=_("NTPN"), max_length=40, error_messages={"required": _("Isi NTPN dari BPN.")},
                           help_text=_("Nomor Transaksi Penerimaan Negara pada BPN: 16 huruf/angka."))
    paid_at = forms.DateTimeField(label=_("Tanggal dan jam bayar (sesuai BPN)"),
                                  error_messages={"required": _("Isi tanggal dan jam bayar sesuai BPN."),
                                                  "invalid": _("Tulis tanggal dan jam bayar, mis. 04-12-2026 10:15.")},
                                  input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%d/%m/%Y %H:%M"],
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    bank = forms.CharField(label=_("Bank/pos persepsi"), max_length=40,
                           error_messages={"required": _("Isi nama bank/pos persepsi.")},
                           help_text=_("Bank, pos atau lembaga persepsi yang menerima setoran, mis. BRI."))
    note = forms.CharField(label=_("Catatan (opsional)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean_ntpn(self):
        from billing.models import Payment

        ntpn = normalise_ntpn(self.cleaned_data["ntpn"])
        if not NTPN_FORMAT.match(ntpn):
            raise forms.ValidationError(_("NTPN terdiri dari 16 huruf atau angka; periksa kembali BPN."))
        if Payment.objects.filter(ntpn__iexact=ntpn).exists():
            raise forms.ValidationError(_("NTPN ini sudah tercatat untuk pembayaran lain."))
        return ntpn

    def clean_paid_at(self):
        paid_at = self.cleaned_data["paid_at"]
        if paid_at > timezone.now():
            raise forms.ValidationError(_("Waktu bayar tidak boleh di masa depan."))
        return paid_at

    def clean_bank(self):
        bank = self.cleaned_data["bank"].strip()
        if not bank:
            raise forms.ValidationError(_("Isi nama bank/pos persepsi."))
        return bank


class HandlingForm(forms.Form):
    """How the treasurer dealt with a payment notification that did not match."""

    note = forms.CharField(label=_("Catatan penanganan"), max_length=2000,
                           error_messages={"required": _("Tuliskan bagaimana notifikasi ini ditangani.")},
                           widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("Bagaimana ditangani")}))


class RefundDoneForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), max_length=2000, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("Nomor SPM/SP2D atau catatan")}))


class ReconciliationForm(forms.Form):
    """The period of a reconciliation and, for a national role, the unit (all units when none is chosen).
    Read from the page's query string: a date or unit that cannot be read is shown beside its field."""

    start = forms.DateField(label=_("Dari"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"invalid": _("Tulis tanggal, mis. 2026-12-01.")})
    end = forms.DateField(label=_("Sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"invalid": _("Tulis tanggal, mis. 2026-12-31.")})
    unit = forms.TypedChoiceField(label=_("Unit kerja"), required=False, coerce=int, empty_value=None,
                                  error_messages={"invalid_choice": _("Pilih salah satu unit kerja dari daftar.")})

    def __init__(self, data, *, every_unit: bool):
        # The page's names are from= and to= (bookmarked links keep working).
        data = {"start": data.get("from", ""), "end": data.get("to", ""), "unit": data.get("unit", "")}
        super().__init__(data)
        if every_unit:
            from units.models import Unit

            self.fields["unit"].choices = [("", _("Semua unit"))] + [
                (u.pk, u.short_name or u.name) for u in Unit.objects.only("pk", "short_name", "name")]
        else:
            del self.fields["unit"]

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        start, end = data.get("start"), data.get("end")
        if "start" in self.errors or "end" in self.errors:
            return data
        data["end"] = end or today
        data["start"] = start or data["end"].replace(day=1)
        if data["end"] < data["start"]:
            self.add_error("end", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data
