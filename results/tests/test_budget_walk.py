"""Steps 14-16 with a calibration method: the analyst picks the method and the reference standard,
types repeat readings for two points, the system computes the correction and the GUM budget; the
supervisor comments on one point and sends the work back; the analyst sees the comment, corrects and
resubmits; verification and validation follow; the report carries what the verifier saw."""
import math

from django.urls import reverse

from core.formatting import quantity
from metrology.models import CalibrationMethod, ReferenceStandard
from results.api import report_data
from results.models import CalibrationPoint, ResultComment
from results.tests.helpers import grid_data, stored_rows
from uncertainty import engine, reporting
from workflow.states import InstrumentState

READINGS_0 = "0,02; 0,03; 0,02"
READINGS_100 = "99,95; 99,97; 99,96"



def _id(number: str) -> str:
    return quantity(number, language="id")

def method_data(inst, **extra):
    data = {"method": str(CalibrationMethod.objects.get(code="MK-SUH-01").pk),
            "standards": [str(ReferenceStandard.objects.get(identification="PRT-STD-01").pk)],
            "resolution": "0,01"}
    data.update(extra)
    return data


def two_points(readings_100=READINGS_100):
    return [{"param": "Suhu", "nominal": "0", "readings": READINGS_0, "unit": "°C"},
            {"param": "Suhu", "nominal": "100", "readings": readings_100, "unit": "°C"}]


def engine_budget(readings: list[float]) -> engine.BudgetResult:
    """The MK-SUH-01 budget written out by hand from the seeded method and the PRT certificate."""
    n = len(readings)
    return engine.evaluate(engine.Budget("t", "°C", (
        engine.Contribution("A", 1, engine.statistics.stdev(readings) / math.sqrt(n), n - 1),
        engine.Contribution("std", 1, 0.02 / 2),
        engine.Contribution("res", 1, 0.005 / math.sqrt(3)),
        engine.Contribution("stab", 1, 0.01 / math.sqrt(3)),
        engine.Contribution("unif", 1, 0.02 / math.sqrt(3)),
        engine.Contribution("drift", 1, 0.01 / math.sqrt(3)),
    )))


def _state(inst):
    inst.refresh_from_db()
    return inst.state


def test_steps_14_to_16_with_computed_budgets_and_a_comment_per_point(thermometer, users, login):
    inst = thermometer
    grid = reverse("results:grid", args=[inst.pk])
    client = login(users["analis2"])
    page = client.get(grid).content.decode()
    assert "MK-SUH-01" in page and "PRT-STD-01" in page
    assert "LIG-STD-OLD" not in page.split('id="grid-form"')[1].split("</form>")[0]  # expired: not offered

    # Draft: method, standard, two points of repeat readings; correction and U come from the engine.
    response = client.post(grid, grid_data(inst, two_points(), extra=method_data(inst)))
    assert response.status_code == 302
    p0, p100 = CalibrationPoint.objects.filter(parameter__instrument=inst).order_by("position")
    expected = engine_budget([0.02, 0.03, 0.02])
    assert math.isclose(float(p0.budget["u_c"]), expected.combined_standard_uncertainty, rel_tol=1e-5)
    assert math.isclose(float(p0.budget["k"]), expected.coverage_factor, rel_tol=1e-5)
    reported = reporting.certificate_figures(expected.expanded_uncertainty, expected.coverage_factor)
    assert p0.expanded_uncertainty == reporting.plain(reported["expanded_uncertainty"])
    # correction = standard (nominal + its certified correction 0) - mean reading, to the decimal place of U
    assert p0.correction == reporting.plain(reporting.round_result(0 - 0.07 / 3, reported["expanded_uncertainty"]))
    assert p100.correction.startswith("0.04")
    page = client.get(grid).content.decode()
    # The page shows the engine's numbers, written as Indonesian readers write them.
    assert _id(p0.budget["u_c"]) in page and _id(p0.budget["reported_U"]) in page

    # The budget as the analyst types (htmx preview, nothing saved).
    preview = client.post(reverse("results:preview", args=[inst.pk]),
                          grid_data(inst, stored_rows(inst), extra=method_data(inst)), HTTP_HX_REQUEST="true")
    assert preview.status_code == 200 and _id(p0.budget["reported_U"]) in preview.content.decode()

    client.post(grid, grid_data(inst, stored_rows(inst), submit=True, extra=method_data(inst)))
    assert _state(inst) == InstrumentState.RESULTS_ENTERED

    # Step 15: the supervisor sees the same budget per point, comments on the 100 °C point, sends back.
    client = login(users["penyelia2"])
    page = client.get(grid).content.decode()
    assert _id(p100.budget["u_c"]) in page and f'name="pc-{p100.pk}"' in page
    client.post(reverse("results:return_verification", args=[inst.pk]),
                {"comment": "Periksa titik 100 °C.", f"pc-{p100.pk}": "Pembacaan kedua tampak salah ketik."})
    assert _state(inst) == InstrumentState.IN_CALIBRATION
    assert ResultComment.objects.get(point=p100).text == "Pembacaan kedua tampak salah ketik."

    # The analyst sees the comment on the point, corrects the readings and resubmits.
    client = login(users["analis2"])
    page = client.get(grid).content.decode()
    assert "Pembacaan kedua tampak salah ketik." in page
    under_point = page.split('class="msg msg-warning point-comment"', 1)  # under the point's row, too
    assert len(under_point) == 2 and "Pembacaan kedua tampak salah ketik." in under_point[1].split("</p>", 1)[0]
    rows = stored_rows(inst)
    rows[1]["readings"] = "99,96; 99,96; 99,97"
    client.post(grid, grid_data(inst, rows, submit=True, extra=method_data(inst)))
    assert _state(inst) == InstrumentState.RESULTS_ENTERED
    p100.refresh_from_db()
    again = engine_budget([99.96, 99.96, 99.97])
    assert math.isclose(float(p100.budget["U"]), again.expanded_uncertainty, rel_tol=1e-5)

    login(users["penyelia2"]).post(reverse("results:verify", args=[inst.pk]), {"note": ""})
    login(users["mt"]).post(reverse("results:validate", args=[inst.pk]), {"note": ""})
    assert _state(inst) == InstrumentState.VALIDATED

    data = report_data(inst)
    assert data["method"].endswith("(MK-SUH-01)")
    assert [s["identification"] for s in data["standards"]] == ["PRT-STD-01"]
    assert data["standards"][0]["certificate_number"] and data["standards"][0]["traceability"]
    point = data["parameters"][0]["points"][1]
    assert (point["expanded_uncertainty"], point["k"], point["stage"]) == (p100.expanded_uncertainty, "2", "")
    assert data["conformity_requested"] is False and data["decision_rule"] == "" and point["conformity"] == ""
