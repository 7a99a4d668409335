from django import forms
from django.utils.translation import gettext_lazy as _


class SheetForm(forms.Form):
    """The per-instrument part of the grid; numbers are checked by the service (decimal comma allowed)."""

    calibration_date = forms.DateField(label=_("Tanggal kalibrasi"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                       input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"])
    temperature = forms.CharField(label=_("Suhu lingkungan (°C)"), max_length=30, required=False,
                                  widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "20,0"}))
    humidity = forms.CharField(label=_("Kelembapan relatif (%)"), max_length=30, required=False,
                               widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "55"}))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Komentar untuk analis"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Tuliskan apa yang harus diperbaiki; analis melihatnya pada alat dan lembar hasil."))


class ApprovalNoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan (opsional)"), max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
