from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints.states import ComplaintState


class ComplaintForm(forms.Form):
    subject = forms.CharField(label=_("Perihal"), max_length=200)
    description = forms.CharField(label=_("Uraian pengaduan"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("Jelaskan apa yang terjadi dan apa yang Anda harapkan."))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan (opsional)"), max_length=5000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(NoteForm):
    assignee = forms.ModelChoiceField(label=_("Petugas"), queryset=None)

    def __init__(self, *args, **kwargs):
        from complaints.services import assignable_staff

        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_staff()
        self.fields["assignee"].label_from_instance = lambda u: f"{u.full_name or u.username} ({', '.join(str(Role(r).label) for r in u.staff_roles)})"
        self.order_fields(["assignee", "note"])


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Jawaban untuk pelanggan"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Alasan membuka kembali"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class ComplaintFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Status"), required=False,
                              choices=[("", _("Semua status")), *ComplaintState.choices])
    q = forms.CharField(label=_("Cari"), max_length=100, required=False)
    start = forms.DateField(label=_("Diajukan sejak"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Diajukan sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    mine = forms.BooleanField(label=_("Hanya yang ditugaskan kepada saya"), required=False)
