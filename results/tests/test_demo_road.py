"""The demo road through steps 14-16 ends with the order waiting for its report numbers."""
from results.api import report_data
from workflow.states import InstrumentState, OrderState


def test_demo_road_reaches_results_ready_with_every_instrument_validated(order_at):
    order = order_at("RESULTS_READY")
    assert order.state == OrderState.RESULTS_READY
    assert set(order.instruments.values_list("state", flat=True)) == {InstrumentState.VALIDATED}


def test_report_data_gives_the_certificate_every_point_as_text(order_at, users):
    order = order_at("RESULTS_READY")
    thermometer = order.instruments.get(laboratory__code="temperature-pressure")
    data = report_data(thermometer)
    assert data["temperature"] == "20.3" and data["humidity"] == "55"
    assert data["calibration_date"] is not None
    assert data["verified_by"] == users["penyelia2"].full_name
    assert data["validated_by"] == users["mt"].full_name
    assert data["analysts"] == [users["analis2"].full_name]
    [suhu] = data["parameters"]
    assert suhu["name"] == "Suhu" and suhu["analyst"] == users["analis2"].full_name
    first = suhu["points"][0]
    # The demo thermometer is calibrated with method MK-SUH-01 against PRT-STD-01: correction and U computed.
    assert first == {"nominal": "0", "readings": ["0.02", "0.03", "0.02"], "mean_reading": "0.023",
                     "correction": "-0.023", "expanded_uncertainty": "0.036", "unit": "°C", "k": "2",
                     "stage": "", "conformity": ""}
    assert data["method"].endswith("(MK-SUH-01)") and not data["adjusted"]
    assert [s["identification"] for s in data["standards"]] == ["PRT-STD-01"]
    assert (data["conformity_requested"], data["decision_rule"], data["coverage_probability"]) == (False, "", "95 %")


def test_the_demo_balance_names_its_method_computes_its_results_and_states_conformity(order_at):
    """Every demo instrument is calibrated with a method (EURAMET cg-18 for the balance): the correction is
    the standard's value minus the mean reading, never a typed figure."""
    order = order_at("RESULTS_READY")
    balance = order.instruments.filter(laboratory__code="mass-volume").first()
    data = report_data(balance)
    assert data["method"].endswith("(MK-NER-01)") and "EURAMET cg-18" in balance.result_sheet.method.reference
    assert {s["identification"] for s in data["standards"]} == {"E2-100G-01", "E2-SET-02"}
    assert data["conformity_requested"] and data["tolerance"] == "± 0,5 mg"
    assert "penerimaan sederhana" in data["decision_rule"] and "0.0005" in data["decision_rule"]
    repeatability = data["parameters"][0]["points"][0]
    # E2-100G-01 is 100.00002 g; the mean of the five readings 100.0002 g: correction −0.00018 g.
    assert (repeatability["nominal"], repeatability["mean_reading"]) == ("100", "100.00020")
    assert repeatability["correction"] == "-0.00018"
    assert repeatability["k"] == "2.02"  # from the effective degrees of freedom of five readings
    assert repeatability["expanded_uncertainty"] and repeatability["conformity"] == "pass"
