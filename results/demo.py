"""The demo road's steps 14-16, through the real services as the demo accounts."""
from datetime import timedelta

from django.utils import timezone

from results import services
from results.services import PointInput, SheetInput
from workflow.states import InstrumentState

# Plausible points per parameter: (nominal, readings, correction, U, unit).
DEMO_POINTS = {
    "Repeatabilitas": [("100", "100.0002; 100.0003; 100.0002; 100.0001; 100.0002", "-0.0002", "0.00012", "g")],
    "Eksentrisitas": [("100", "100.0001; 100.0003; 99.9999; 100.0002; 100.0000", "-0.0001", "0.00018", "g")],
    "Penunjukan (linearitas)": [
        ("50", "50.0001; 50.0002; 50.0001", "-0.00013", "0.00010", "g"),
        ("100", "100.0002; 100.0003; 100.0002", "-0.00023", "0.00012", "g"),
        ("200", "200.0004; 200.0005; 200.0004", "-0.00043", "0.00020", "g"),
    ],
    "Suhu": [
        ("0", "0.02; 0.03; 0.02", "-0.02", "0.05", "°C"),
        ("50", "50.04; 50.05; 50.05", "-0.05", "0.06", "°C"),
        ("100", "100.07; 100.08; 100.08", "-0.08", "0.08", "°C"),
    ],
}
FALLBACK_POINTS = [("10", "10.01; 10.02; 10.01", "-0.01", "0.03", "")]


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
        for nominal, readings, correction, u, unit in DEMO_POINTS.get(param.name, FALLBACK_POINTS):
            number += 1
            rows.append(PointInput(param.pk, number, nominal=nominal, readings=readings, correction=correction,
                                   expanded_uncertainty=u, unit=unit or instrument.capacity.split()[-1][:20],
                                   coverage_factor="2"))
    return rows


# Thermometers are calibrated with a method and a reference standard (metrology.seed), so the demo
# shows computed budgets; the other instruments keep typed corrections and uncertainties.
DEMO_METHODS = {"Termometer gelas atau digital": ("MK-SUH-01", "PRT-STD-01", "0.01"),
                "Termokopel": ("MK-SUH-01", "PRT-STD-01", "0.01")}  # the demo's thermocouple, in the liquid bath


def demo_sheet(inst, analyst) -> SheetInput:
    from metrology.models import ReferenceStandard
    from metrology.services import is_authorised, methods_for

    sheet = SheetInput(calibration_date=timezone.localdate() - timedelta(days=1), temperature="20.3", humidity="55")
    code, standard, resolution = DEMO_METHODS.get(inst.instrument_type.name, (None, None, None))
    method = methods_for(inst).filter(code=code).first() if code else None
    std = ReferenceStandard.objects.filter(identification=standard, laboratory_id=inst.laboratory_id).first()
    if method is not None and std is not None and std.valid_on(sheet.calibration_date) and is_authorised(analyst, method):
        sheet.method_id, sheet.standard_ids, sheet.resolution = method.pk, [std.pk], resolution
    return sheet


def enter_and_submit(users, order):
    """Step 14 as the assigned analysts: plausible results for every instrument being calibrated."""
    for inst in order.instruments.filter(state=InstrumentState.IN_CALIBRATION).select_related(
            "laboratory", "instrument_type"):
        analyst = _analyst_for(users, inst)
        services.save_results(analyst, inst.pk, demo_sheet(inst, analyst), demo_rows(inst, analyst), submit=True)


def verify(users, order):
    """Step 15 as the instrument's supervisor."""
    for inst in order.instruments.filter(state=InstrumentState.RESULTS_ENTERED).select_related("laboratory"):
        services.verify_results(_supervisor_for(users, inst), inst.pk, note="Hasil sesuai metode.")


def validate(users, order):
    """Step 16 as the technical manager; the order then waits for its report numbers."""
    for inst in order.instruments.filter(state=InstrumentState.VERIFIED):
        services.validate_results(users["mt"], inst.pk)
