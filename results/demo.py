"""The demo road's steps 14-16, through the one mapping from code to service as the demo accounts."""
from datetime import timedelta

from django.utils import timezone

from results.services import PointInput, SheetInput
from workflow.actions import play
from workflow.states import InstrumentState

# Plausible points per parameter: (nominal, readings, unit). The correction, U and k are computed from
# them with the sheet's calibration method (DEMO_METHODS); nothing is typed.
DEMO_POINTS = {
    "Repeatabilitas": [("100", "100.0002; 100.0003; 100.0002; 100.0001; 100.0002", "g")],
    "Eksentrisitas": [("100", "100.0001; 100.0003; 99.9999; 100.0002; 100.0000", "g")],
    "Penunjukan (linearitas)": [
        ("50", "50.0001; 50.0002; 50.0001", "g"),
        ("100", "100.0002; 100.0003; 100.0002", "g"),
        ("200", "200.0004; 200.0005; 200.0004", "g"),
    ],
    "Suhu": [
        ("0", "0.02; 0.03; 0.02", "°C"),
        ("50", "50.04; 50.05; 50.05", "°C"),
        ("100", "100.07; 100.08; 100.08", "°C"),
    ],
}
FALLBACK_POINTS = [("10", "10.01; 10.02; 10.01", "")]

# Per instrument type of the demo: the method, the reference standards and the instrument's resolution.
DEMO_METHODS = {
    "Termometer gelas atau digital": ("MK-SUH-01", ["PRT-STD-01"], "0.01"),
    "Termokopel": ("MK-SUH-01", ["PRT-STD-01"], "0.01"),
    "Neraca analitik": ("MK-NER-01", ["E2-100G-01", "E2-SET-02"], "0.00001"),
}


def _is_mass_lab(instrument) -> bool:
    return instrument.laboratory is not None and instrument.laboratory.code == "mass-volume"


def _analyst_for(users, instrument):
    return users["analis"] if _is_mass_lab(instrument) else users["analis2"]


def _supervisor_for(users, instrument):
    return users["penyelia"] if _is_mass_lab(instrument) else users["penyelia2"]


def demo_rows(instrument, analyst) -> list[PointInput]:
    rows, number = [], 0
    for param in instrument.parameters.all():
        if param.analyst_id != analyst.pk:
            continue
        for nominal, readings, unit in DEMO_POINTS.get(param.name, FALLBACK_POINTS):
            number += 1
            rows.append(PointInput(param.pk, number, nominal=nominal, readings=readings,
                                   unit=unit or instrument.capacity.split()[-1][:20]))
    return rows


def demo_method(inst):
    """(method, standards, resolution) the demo calibrates `inst` with: the demo's choice for its type,
    else the first covering method with every standard that fits the instrument."""
    from metrology.models import ReferenceStandard
    from metrology.services import covering_methods, standards_for

    code, identifications, resolution = DEMO_METHODS.get(inst.instrument_type.name, (None, [], "0.01"))
    methods = covering_methods(inst)
    method = (methods.filter(code=code).first() if code else None) or methods.first()
    fitting = standards_for(inst)
    # Another unit's laboratory holds its own pieces of the same standards, named with the unit's prefix
    # (demo.units.equip_laboratories): "MKS-E2-100G-01" for "E2-100G-01".
    standards = [s for s in fitting if any(s.identification == i or s.identification.endswith(f"-{i}")
                                           for i in identifications)] if identifications else list(fitting)
    return method, standards or list(ReferenceStandard.objects.none()), resolution


def demo_sheet(inst, analyst) -> SheetInput:
    sheet = SheetInput(calibration_date=timezone.localdate() - timedelta(days=1), temperature="20.3", humidity="55")
    method, standards, resolution = demo_method(inst)
    if method is not None:
        sheet.method_id, sheet.resolution = method.pk, resolution
        sheet.standard_ids = [s.pk for s in standards if s.valid_on(sheet.calibration_date)]
    return sheet


def demo_sheet_post(inst) -> dict:
    """The sheet's method, standards and resolution as the grid posts them (for tests driving the page)."""
    method, standards, resolution = demo_method(inst)
    return {"method": str(method.pk) if method else "", "standards": [str(s.pk) for s in standards],
            "resolution": resolution.replace(".", ",")}


def enter_and_submit(users, order):
    """Step 14 as the assigned analysts: plausible results for every instrument being calibrated."""
    moves = []
    for inst in order.instruments.filter(state=InstrumentState.IN_CALIBRATION).select_related(
            "laboratory", "instrument_type"):
        analyst = _analyst_for(users, inst)
        moves.append((analyst, "instrument.submit_results", inst.pk,
                      {"sheet": demo_sheet(inst, analyst), "rows": demo_rows(inst, analyst)}))
    play(moves)


def verify(users, order):
    """Step 15 as the instrument's supervisor."""
    play([(_supervisor_for(users, inst), "instrument.verify", inst.pk, {"note": "Hasil sesuai metode."})
          for inst in order.instruments.filter(state=InstrumentState.RESULTS_ENTERED).select_related("laboratory")])


def validate(users, order):
    """Step 16 as the technical manager; the order then waits for its report numbers."""
    play([(users["mt"], "instrument.validate", inst.pk, {})
          for inst in order.instruments.filter(state=InstrumentState.VERIFIED)])
