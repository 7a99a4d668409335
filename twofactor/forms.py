from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode 6 digit dari aplikasi autentikator"), min_length=6, max_length=6, strip=True,
        validators=[RegexValidator(r"^\d{6}$", _("Kode terdiri atas 6 angka."))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                      "pattern": "[0-9]{6}", "autofocus": True}))
