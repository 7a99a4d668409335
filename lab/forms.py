from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from catalog.models import Laboratory


class SupervisorChoiceField(forms.ModelChoiceField):
    """Each supervisor with their laboratory, so CS picks the right person at reception."""

    def label_from_instance(self, obj):
        return f"{obj} — {obj.laboratory}" if obj.laboratory_id else str(obj)


class ReceptionLineForm(forms.Form):
    accepted = forms.TypedChoiceField(label=_("Keputusan"), choices=[("1", _("Terima")), ("0", _("Tolak"))],
                                      coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="1")
    condition = forms.CharField(label=_("Kondisi"), max_length=200, initial=_("Baik"))
    accessories = forms.CharField(label=_("Kelengkapan"), max_length=200, required=False)
    laboratory = forms.ModelChoiceField(label=_("Laboratorium"), queryset=Laboratory.objects.all(), required=False)
    supervisor = SupervisorChoiceField(label=_("Penyelia"), required=False, queryset=User.objects.filter(
        roles__role=Role.PENYELIA, is_active=True).select_related("laboratory"))
    reason = forms.CharField(label=_("Alasan penolakan"), max_length=1000, required=False)

    def clean(self):
        data = super().clean()
        if data.get("accepted"):
            if not data.get("laboratory") or not data.get("supervisor"):
                raise forms.ValidationError(_("Pilih laboratorium dan penyelia untuk alat yang diterima."))
            if data["supervisor"].laboratory_id != data["laboratory"].pk:
                self.add_error("supervisor", _("Penyelia ini bukan dari laboratorium yang dipilih."))
        elif not (data.get("reason") or "").strip():
            self.add_error("reason", _("Tuliskan alasan menolak alat."))
        return data


class DeliveredByForm(forms.Form):
    delivered_by = forms.CharField(label=_("Diserahkan oleh"), max_length=150, required=False)
