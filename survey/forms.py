from django import forms
from django.utils.translation import gettext_lazy as _

from survey.models import ELEMENTS, Score


class SurveyForm(forms.Form):
    """The nine elements of PermenPANRB 14/2017, each a group of four radio buttons, and a comment."""

    comment = forms.CharField(label=_("Komentar dan saran (opsional)"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        for name, label, question in ELEMENTS:
            self.fields[name] = forms.TypedChoiceField(
                label=label, help_text=question, choices=Score.choices, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu nilai.")})
        self.fields["comment"] = comment

    def element_fields(self):
        return [self[name] for name, _label, _q in ELEMENTS]

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name, _label, _q in ELEMENTS}


class HandoverForm(forms.Form):
    received_by_name = forms.CharField(label=_("Diterima oleh (nama dari pihak pelanggan)"), max_length=150)
    note = forms.CharField(label=_("Catatan (opsional)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
