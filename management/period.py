"""The reporting period chosen on the dashboard: whole days in Asia/Jakarta, both ends included."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min), timezone.get_default_timezone())

    @property
    def until(self) -> datetime:
        """The first moment after the period."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min),
                                   timezone.get_default_timezone())

    def as_params(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def default_period() -> Period:
    today = timezone.localdate()
    return Period(date(today.year, 1, 1), today)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Dari tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Sampai tanggal"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("Tanggal akhir tidak boleh sebelum tanggal awal."))
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError(_("Periode paling panjang tiga tahun."))
        return data


def period_from(params) -> tuple[Period, PeriodForm]:
    """The period in `params` (GET or an export's stored parameters); the default when absent or wrong
    (the form then carries the reason, to show it)."""
    if not params.get("start") and not params.get("end"):
        period = default_period()
        return period, PeriodForm(initial=period.as_params())
    form = PeriodForm(params)
    if form.is_valid():
        return Period(form.cleaned_data["start"], form.cleaned_data["end"]), form
    return default_period(), form
