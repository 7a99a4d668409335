from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import Scope


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Nama token"), max_length=100,
                           help_text=_("Untuk mengenali token, misalnya nama aplikasi yang memakainya."))
    scopes = forms.MultipleChoiceField(label=_("Cakupan"), choices=Scope.choices, initial=[Scope.READ],
                                       widget=forms.CheckboxSelectMultiple)
