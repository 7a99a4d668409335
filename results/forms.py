from django import forms
from django.utils.translation import gettext_lazy as _

from metrology.models import CalibrationMethod, ReferenceStandard
from metrology.services import covering_methods, standards_for
from results.models import DecisionRule


class StandardChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        from core.formatting import quantity

        return (f"{obj.name} · {obj.identification} · U = {quantity(obj.expanded_uncertainty)} {obj.unit} "
                f"(k = {quantity(obj.coverage_factor)})")


class SheetForm(forms.Form):
    """The per-instrument part of the grid; numbers are checked by the service (decimal comma allowed).
    Only the active methods of the instrument's type whose range covers the instrument, and the standards
    valid today that fit the instrument's field of calibration, can be chosen."""

    calibration_date = forms.DateField(label=_("Tanggal kalibrasi"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                       input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"])
    temperature = forms.CharField(label=_("Suhu lingkungan (°C)"), max_length=30, required=False,
                                  widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "20,0"}))
    humidity = forms.CharField(label=_("Kelembapan relatif (%)"), max_length=30, required=False,
                               widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "55"}))
    method = forms.ModelChoiceField(label=_("Metode kalibrasi"), queryset=CalibrationMethod.objects.none(),
                                    required=False, empty_label=_("— pilih metode kalibrasi —"),
                                    help_text=_("Hanya metode aktif yang rentangnya mencakup alat ini. Koreksi, U "
                                                "dan k dihitung dari pembacaan menurut metode."))
    standards = StandardChoice(label=_("Standar acuan yang dipakai"), queryset=ReferenceStandard.objects.none(),
                               required=False, widget=forms.CheckboxSelectMultiple)
    resolution = forms.CharField(label=_("Resolusi alat (satuan hasil)"), max_length=30, required=False,
                                 widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0,0001"}))
    adjusted = forms.BooleanField(label=_("Alat disetel (ada hasil sebelum dan sesudah penyetelan)"), required=False)
    decision_rule = forms.ChoiceField(label=_("Aturan keputusan (ILAC-G8)"), required=False,
                                      choices=DecisionRule.choices)
    tolerance_value = forms.CharField(label=_("Toleransi ± (satuan hasil)"), max_length=30, required=False,
                                      widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    deviations = forms.CharField(label=_("Penyimpangan dari metode (bila ada)"), max_length=2000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, instrument=None, methods=None, standards=None, **kwargs):
        """`methods`, `standards`: the instrument's covering methods (metrology.services.covering_methods) and
        the standards that may be chosen for it (standards_for), when the page has them already."""
        super().__init__(*args, **kwargs)
        if instrument is not None:
            self.fields["method"].queryset = covering_methods(instrument) if methods is None else methods
            self.fields["standards"].queryset = standards_for(instrument) if standards is None else standards
            if not instrument.tolerance.strip():  # no statement of conformity was asked for
                del self.fields["decision_rule"], self.fields["tolerance_value"]

    def read_choices(self, standards=None, methods=None) -> list:
        """Read the choices of the method and the standards once, as lists the page renders (a model choice
        field reads its queryset again, through a server-side cursor, whenever it is rendered); the chosen
        values are still checked against the querysets. `standards`, `methods`: the objects of the fields'
        querysets, when the page read them already (metrology.services.grid_standards, covering_method_list).
        Returns the methods offered."""
        offered = []
        for name in ("method", "standards"):
            field = self.fields[name]
            iterator = field.iterator(field)
            known = standards if name == "standards" else methods
            objects = list(known) if known is not None else list(field.queryset)
            field.choices = ([("", field.empty_label)] if field.empty_label is not None else []) + [
                iterator.choice(obj) for obj in objects]
            if name == "method":
                offered = objects
        return offered

    def sheet_input(self):
        from results.services import SheetInput

        d = self.cleaned_data
        return SheetInput(
            calibration_date=d.get("calibration_date"), temperature=d.get("temperature", ""),
            humidity=d.get("humidity", ""), method_id=d["method"].pk if d.get("method") else None,
            standard_ids=[s.pk for s in d.get("standards") or []], resolution=d.get("resolution", ""),
            adjusted=bool(d.get("adjusted")), decision_rule=d.get("decision_rule", ""),
            tolerance_value=d.get("tolerance_value", ""), deviations=d.get("deviations", ""))


def sheet_initial(sheet, instrument, methods=None) -> dict:
    """The sheet's stored values for the form; the resolution and tolerance proposed from the order.
    `methods`: the instrument's covering methods (a queryset, or a list as read), when the page has them already."""
    from results.computation import tolerance_from_text

    method_id = sheet.method_id
    if method_id is None:  # the only method that fits is proposed
        methods = covering_methods(instrument) if methods is None else methods
        fitting = ([m.pk for m in methods[:2]] if isinstance(methods, list) else
                   list(methods.values_list("pk", flat=True)[:2]))
        method_id = fitting[0] if len(fitting) == 1 else None
    unit = sheet.method.unit if sheet.method_id else ""
    resolution = sheet.resolution or tolerance_from_text(instrument.resolution, unit)
    return {
        "calibration_date": sheet.calibration_date, "temperature": sheet.temperature, "humidity": sheet.humidity,
        "method": method_id, "standards": list(sheet.standards.values_list("pk", flat=True)) if sheet.pk else [],
        "resolution": resolution, "adjusted": sheet.adjusted,
        "decision_rule": sheet.decision_rule or DecisionRule.SIMPLE,
        "tolerance_value": sheet.tolerance_value or tolerance_from_text(instrument.tolerance, unit),
        "deviations": sheet.deviations,
    }


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Komentar untuk analis"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Tuliskan apa yang harus diperbaiki; analis melihatnya pada alat dan lembar hasil."))


class ApprovalNoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan (opsional)"), max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Berkas data mentah (CSV, XLSX, PDF, JPEG, PNG)"))
