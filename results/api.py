"""What other apps may read of the results. The certificates app builds the E-LHU from `report_data`."""
from __future__ import annotations

from django.utils.translation import gettext as _

from core.formatting import certificate_quantity

from results.models import CalibrationPoint, DecisionRule, ResultSheet
from results.numbers import mean_of

COVERAGE_PROBABILITY = "95 %"


def _name(user) -> str:
    if user is None:
        return ""
    return getattr(user, "full_name", "") or user.get_username()


def report_data(instrument) -> dict:
    """The validated results of `instrument` as display strings (dot decimals).

    {"calibration_date": date|None, "temperature": str, "humidity": str,
     "parameters": [{"name", "analyst", "points": [{"nominal", "readings", "mean_reading", "correction",
                     "expanded_uncertainty", "unit", "k", "stage", "conformity"}]}],
     "verified_by": str, "validated_by": str, "analysts": [str],
     "method": str, "standards": [{"name", "identification", "certificate_number", "issuer",
                                   "expanded_uncertainty", "traceability", "valid_until"}],
     "adjusted": bool, "conformity_requested": bool, "decision_rule": str, "tolerance": str,
     "deviations": str, "coverage_probability": "95 %"}

    With a calibration method, `expanded_uncertainty` and `k` are the values the engine reported
    (EA-4/02: U to two significant digits); `stage` is "", "before" or "after" (adjustment) and
    `conformity` "", "pass", "fail" or "inconclusive" (only where the customer gave a tolerance).
    """
    sheet = (ResultSheet.objects.select_related("verified_by", "validated_by", "method")
             .prefetch_related("standards").filter(instrument=instrument).first())
    parameters, analysts = [], []
    points_by_param: dict[int, list[CalibrationPoint]] = {}
    for point in CalibrationPoint.objects.filter(parameter__instrument=instrument).order_by("parameter_id", "position", "id"):
        points_by_param.setdefault(point.parameter_id, []).append(point)
    for param in instrument.parameters.select_related("analyst").order_by("id"):
        analyst = _name(param.analyst)
        if analyst and analyst not in analysts:
            analysts.append(analyst)
        parameters.append({
            "name": param.name,
            "analyst": analyst,
            "points": [{
                "nominal": p.nominal,
                "readings": list(p.readings),
                "mean_reading": mean_of(list(p.readings)),
                "correction": p.correction,
                "expanded_uncertainty": p.expanded_uncertainty,
                "unit": p.unit,
                "k": p.coverage_factor,
                "stage": p.stage,
                "conformity": p.conformity,
            } for p in points_by_param.get(param.pk, [])],
        })
    return {
        "calibration_date": sheet.calibration_date if sheet else None,
        "temperature": sheet.temperature if sheet else "",
        "humidity": sheet.humidity if sheet else "",
        "parameters": parameters,
        "verified_by": _name(sheet.verified_by) if sheet else "",
        "validated_by": _name(sheet.validated_by) if sheet else "",
        "analysts": analysts,
        **_method_data(instrument, sheet),
    }


def _method_data(instrument, sheet) -> dict:
    tolerance = (instrument.tolerance or "").strip()
    rule = sheet.decision_rule if sheet and tolerance else ""
    return {
        "method": f"{sheet.method.name} ({sheet.method.code})" if sheet and sheet.method else "",
        "standards": [{
            "name": s.name, "identification": s.identification, "certificate_number": s.certificate_number,
            "issuer": s.issuer, "expanded_uncertainty": (f"{certificate_quantity(s.expanded_uncertainty)} {s.unit} "
                                     f"(k = {certificate_quantity(s.coverage_factor)})"),
            "traceability": s.traceability, "valid_until": s.valid_until,
        } for s in (sheet.standards.all() if sheet else [])],
        "adjusted": bool(sheet and sheet.adjusted),
        "conformity_requested": bool(tolerance),
        "decision_rule": decision_rule_sentence(rule, sheet.tolerance_value if sheet else ""),
        "tolerance": tolerance,
        "deviations": sheet.deviations if sheet else "",
        "coverage_probability": COVERAGE_PROBABILITY,
    }


def decision_rule_sentence(rule: str, tolerance_value: str) -> str:
    if rule == DecisionRule.SIMPLE:
        return _("Aturan keputusan: penerimaan sederhana (ILAC-G8:09/2019, w = 0); dinyatakan sesuai bila besar "
                 "penyimpangan tidak melebihi toleransi ± %(t)s.") % {"t": tolerance_value}
    if rule == DecisionRule.GUARDED:
        return _("Aturan keputusan: pita pengaman w = U (ILAC-G8:09/2019); sesuai bila besar penyimpangan ≤ "
                 "toleransi ± %(t)s dikurangi U, tidak sesuai bila > toleransi ditambah U, selain itu tidak dapat "
                 "disimpulkan.") % {"t": tolerance_value}
    return ""
