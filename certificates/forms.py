from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.models import ChangeKind
from certificates.services import heads_of_centre


class SignerForm(forms.Form):
    signer = forms.ModelChoiceField(label=_("Kepala Balai penanda tangan"), queryset=heads_of_centre(),
                                    empty_label=None)
    note = forms.CharField(label=_("Catatan (opsional)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        # the heads of the order's unit (`unit`; the service checks a form sent without one); acting
        # heads change with the date
        self.fields["signer"].queryset = heads_of_centre(unit)


class PassphraseForm(forms.Form):
    passphrase = forms.CharField(label=_("Passphrase TTE"), max_length=200, strip=False,
                                 widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}))


class ForwardForm(forms.Form):
    checked = forms.BooleanField(label=_("Saya telah memeriksa setiap E-LHU yang ditandatangani."), required=True)
    note = forms.CharField(label=_("Catatan untuk pelanggan (opsional)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class VerifyUploadForm(forms.Form):
    pdf = forms.FileField(label=_("Berkas PDF E-LHU atau XML DCC yang Anda terima"), allow_empty_file=False)


class ChangeRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=ChangeKind.choices)
    reason = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Catatan (wajib jika menolak)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class BatchSignForm(forms.Form):
    """The head of centre's choice of reports to sign, with the passphrase entered once."""

    reports = forms.TypedMultipleChoiceField(label=_("E-LHU yang ditandatangani"), coerce=int, choices=())
    passphrase = forms.CharField(label=_("Passphrase TTE"), max_length=200, strip=False,
                                 widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}))

    def __init__(self, *args, waiting=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].choices = [(r.pk, r.number) for r in waiting]
        self.fields["reports"].error_messages["required"] = _("Pilih paling sedikit satu E-LHU.")
