"""The grid's form data, as a browser posts it."""
import datetime

from lab.models import Parameter
from results.demo import demo_sheet_post
from results.models import CalibrationPoint


def grid_data(instrument, rows, *, submit=False, calibration_date=None, temperature="20,5", humidity="55",
              extra=None, method=True):
    """The grid's POST data. Each row: dict with param (name or Parameter), and optional id, nominal,
    readings, unit, stage. With `method`, the sheet names the demo's method, standards and resolution for
    the instrument (results.demo); `extra` overrides any field."""
    data = {"rows": str(len(rows)), "temperature": temperature, "humidity": humidity,
            "calibration_date": (calibration_date or datetime.date.today() - datetime.timedelta(days=1)).isoformat()}
    if method:
        data.update(demo_sheet_post(instrument))
    for i, row in enumerate(rows):
        param = row["param"]
        if isinstance(param, str):
            param = Parameter.objects.get(instrument=instrument, name=param)
        data[f"r-{i}-param"] = str(param.pk)
        data[f"r-{i}-id"] = str(row.get("id") or "")
        for key in ("nominal", "readings", "unit", "stage"):
            data[f"r-{i}-{key}"] = row.get(key, "")
    data["submit" if submit else "save"] = "1"
    data.update(extra or {})
    return data


TWO_POINTS = [
    {"param": "Suhu", "nominal": "0", "readings": "0,02; 0,03; 0,02", "unit": "°C"},
    {"param": "Suhu", "nominal": "100", "readings": "100,07 100,08 100,08", "unit": "°C"},
]


def stored_rows(instrument):
    """The grid rows as stored, with their ids, to post again."""
    return [{"param": p.parameter, "id": p.pk, "nominal": p.nominal, "readings": "; ".join(p.readings), "unit": p.unit}
            for p in CalibrationPoint.objects.filter(parameter__instrument=instrument).select_related("parameter")]
