"""The audit-log viewer's filters, shared by the page and its export."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import SYSTEM, Role
from workflow.models import AuditEntry

ROLE_CHOICES = [("", _("Semua peran")), *Role.choices, (SYSTEM, _("Sistem"))]
STEP_CHOICES = [("", _("Semua langkah")), *[(str(n), str(n)) for n in range(1, 23)]]


class AuditFilterForm(forms.Form):
    order = forms.CharField(label=_("Nomor order"), required=False, max_length=40)
    user = forms.CharField(label=_("Pengguna (nama atau username)"), required=False, max_length=150)
    role = forms.ChoiceField(label=_("Peran"), required=False, choices=ROLE_CHOICES)
    step = forms.TypedChoiceField(label=_("Langkah SOP"), required=False, choices=STEP_CHOICES, coerce=int,
                                  empty_value=None)
    start = forms.DateField(label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data

    def params(self) -> dict:
        """The chosen filters as plain values, to store with an export."""
        data = self.cleaned_data
        return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items() if v not in (None, "")}


def _aware(day, shift_days=0) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=shift_days), time.min),
                               timezone.get_default_timezone())


def audit_queryset(scope, params: dict):
    """Audit entries the scope may see, filtered by `params` (already validated values)."""
    qs = AuditEntry.objects.all()
    scope_q = scope.audit_q()
    if scope_q is not None:
        qs = qs.filter(scope_q)
    if params.get("order"):
        qs = qs.filter(order__number__icontains=params["order"].strip())
    if params.get("user"):
        term = params["user"].strip()
        qs = qs.filter(Q(actor__username__icontains=term) | Q(actor__full_name__icontains=term))
    if params.get("role"):
        qs = qs.filter(role=params["role"])
    if params.get("step"):
        qs = qs.filter(step=int(params["step"]))
    if params.get("start"):
        qs = qs.filter(at__gte=_aware(_as_date(params["start"])))
    if params.get("end"):
        qs = qs.filter(at__lt=_aware(_as_date(params["end"]), 1))
    return qs


def _as_date(value):
    from datetime import date

    return value if isinstance(value, date) else date.fromisoformat(value)
