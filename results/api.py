"""What other apps may read of the results. The certificates app builds the E-LHU from `report_data`."""
from __future__ import annotations

from results.models import CalibrationPoint, ResultSheet
from results.numbers import mean_of


def _name(user) -> str:
    if user is None:
        return ""
    return getattr(user, "full_name", "") or user.get_username()


def report_data(instrument) -> dict:
    """The validated results of `instrument` as display strings (dot decimals).

    {"calibration_date": date|None, "temperature": str, "humidity": str,
     "parameters": [{"name", "analyst", "points": [{"nominal", "readings", "mean_reading", "correction",
                     "expanded_uncertainty", "unit", "k"}]}],
     "verified_by": str, "validated_by": str, "analysts": [str]}
    """
    sheet = ResultSheet.objects.select_related("verified_by", "validated_by").filter(instrument=instrument).first()
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
    }
