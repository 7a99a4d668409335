"""Steps 14-16 through the pages: the analyst enters two points, the supervisor sends them back with a
comment, the analyst corrects and resubmits (the change is kept), then verification and validation."""
from django.urls import reverse

from orders.models import Order
from results.models import CalibrationPoint, ResultChange, ResultComment, ResultSheet
from results.tests.helpers import TWO_POINTS, grid_data, stored_rows
from workflow.states import InstrumentState, OrderState


def _state(inst):
    inst.refresh_from_db()
    return inst.state


def test_results_travel_from_the_analyst_to_the_technical_manager(thermometer, users, login):
    inst = thermometer
    grid = reverse("results:grid", args=[inst.pk])

    # Step 14: the analyst saves a draft with two points, comes back to it, then submits.
    client = login(users["analis2"])
    page = client.get(grid)
    assert page.status_code == 200 and b'name="r-0-readings"' in page.content
    response = client.post(grid, grid_data(inst, TWO_POINTS))
    assert response.status_code == 302 and _state(inst) == InstrumentState.IN_CALIBRATION
    points = list(CalibrationPoint.objects.filter(parameter__instrument=inst))
    assert [p.readings for p in points] == [["0.02", "0.03", "0.02"], ["100.07", "100.08", "100.08"]]
    assert points[1].coverage_factor == "2"
    assert ResultSheet.objects.get(instrument=inst).temperature == "20.5"
    assert b"0,02; 0,03; 0,02" in client.get(grid).content  # the draft is there to resume
    response = client.post(grid, grid_data(inst, stored_rows(inst), submit=True))
    assert response.status_code == 302 and _state(inst) == InstrumentState.RESULTS_ENTERED
    assert not ResultChange.objects.exists()  # nothing to keep before the first submission

    # Step 15 branch: the supervisor sends the work back with a comment the analyst sees.
    client = login(users["penyelia2"])
    assert "Verifikasi hasil" in client.get(grid).content.decode()
    comment = "Tanda koreksi titik 100 °C terbalik."
    client.post(reverse("results:return_verification", args=[inst.pk]), {"comment": comment})
    assert _state(inst) == InstrumentState.IN_CALIBRATION
    assert ResultComment.objects.get(instrument=inst).role == "PENYELIA"
    client = login(users["analis2"])
    assert comment in client.get(reverse("orders:instrument", args=[inst.pk])).content.decode()
    assert comment in client.get(grid).content.decode()

    # The corrected resubmission keeps who changed what.
    rows = stored_rows(inst)
    rows[1]["readings"] = "99,92; 99,93; 99,93"
    client.post(grid, grid_data(inst, rows, submit=True))
    assert _state(inst) == InstrumentState.RESULTS_ENTERED
    changes = {c.field: c for c in ResultChange.objects.filter(instrument=inst)}
    assert (changes["readings"].old_value, changes["readings"].new_value, changes["readings"].changed_by) == (
        "100.07; 100.08; 100.08", "99.92; 99.93; 99.93", users["analis2"])
    # The correction follows the readings (PRT-STD-01 has no correction): 100 − mean.
    assert (changes["correction"].old_value, changes["correction"].new_value) == ("-0.077", "0.073")

    # Step 15 and 16: verification, validation; the order waits for its report numbers.
    client = login(users["penyelia2"])
    assert "Riwayat perubahan" in client.get(grid).content.decode()
    client.post(reverse("results:verify", args=[inst.pk]), {"note": ""})
    assert _state(inst) == InstrumentState.VERIFIED
    client = login(users["mt"])
    client.post(reverse("results:validate", args=[inst.pk]), {"note": "Sesuai."})
    assert _state(inst) == InstrumentState.VALIDATED
    assert Order.objects.get(pk=inst.order_id).state == OrderState.RESULTS_READY
    sheet = ResultSheet.objects.get(instrument=inst)
    assert (sheet.submitted_by, sheet.verified_by, sheet.validated_by) == (users["analis2"], users["penyelia2"], users["mt"])


def test_technical_manager_sends_results_back_with_a_comment(thermometer, users, login):
    inst = thermometer
    client = login(users["analis2"])
    client.post(reverse("results:grid", args=[inst.pk]), grid_data(inst, TWO_POINTS, submit=True))
    login(users["penyelia2"]).post(reverse("results:verify", args=[inst.pk]), {"note": ""})
    client = login(users["mt"])
    client.post(reverse("results:return_validation", args=[inst.pk]), {"comment": "Lampirkan titik 50 °C."})
    assert _state(inst) == InstrumentState.IN_CALIBRATION
    comment = ResultComment.objects.get(instrument=inst, kind="instrument.return_validation")
    assert (comment.author, comment.role) == (users["mt"], "MT")
    page = login(users["analis2"]).get(reverse("orders:instrument", args=[inst.pk])).content.decode()
    assert "Lampirkan titik 50 °C." in page


def test_sending_back_needs_a_comment(thermometer, users, login):
    inst = thermometer
    login(users["analis2"]).post(reverse("results:grid", args=[inst.pk]), grid_data(inst, TWO_POINTS, submit=True))
    client = login(users["penyelia2"])
    response = client.post(reverse("results:return_verification", args=[inst.pk]), {"comment": "  "}, follow=True)
    assert _state(inst) == InstrumentState.RESULTS_ENTERED
    assert "Komentar untuk analis" in response.content.decode()
