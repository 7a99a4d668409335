"""A statement of conformity only where the customer gave a tolerance, under the stated ILAC-G8 rule;
results before and after adjustment."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from metrology.models import CalibrationMethod, ReferenceStandard
from results import services
from results.api import report_data
from results.computation import SheetContext, conformity, tolerance_from_text
from results.models import CalibrationPoint
from results.services import PointInput, SheetInput


@pytest.mark.parametrize("correction, rule, expected", [
    ("0.08", "simple", "pass"), ("0.10", "simple", "pass"), ("-0.11", "simple", "fail"),
    ("0.05", "guarded", "pass"), ("0.08", "guarded", "inconclusive"), ("-0.12", "guarded", "inconclusive"),
    ("0.14", "guarded", "fail"),
])
def test_decision_rules_of_ilac_g8(correction, rule, expected):
    ctx = SheetContext(conformity_requested=True, tolerance="0.1", rule=rule)
    assert conformity(correction, "0.03", "", ctx) == expected


def test_no_statement_without_a_tolerance_or_before_adjustment():
    assert conformity("0.5", "0.03", "", SheetContext(conformity_requested=False, tolerance="0.1", rule="simple")) == ""
    assert conformity("0.5", "0.03", "before", SheetContext(conformity_requested=True, tolerance="0.1",
                                                            rule="simple")) == ""


def test_a_tolerance_in_another_unit_is_converted():
    assert tolerance_from_text("± 0,5 mg", "g") == "0.0005"
    assert tolerance_from_text("± 0,1 g", "g") == "0.1"
    assert tolerance_from_text("± 2 kPa", "bar") == "0.02"
    assert tolerance_from_text("± 1 %", "g") == ""  # cannot be converted: the analyst types it


def _balance_sheet(**extra):
    return SheetInput(calibration_date=timezone.localdate(), temperature="20", humidity="50",
                      method_id=CalibrationMethod.objects.get(code="MK-NER-01").pk, resolution="0.00001",
                      standard_ids=[ReferenceStandard.objects.get(identification="E2-SET-02").pk], **extra)


def _balance_rows(inst, user, stage=""):
    rows, n = [], 0
    for param in inst.parameters.filter(analyst=user):
        n += 1
        rows.append(PointInput(param.pk, n, nominal="100", readings="100.0002; 100.0003; 100.0002", unit="g",
                               stage=stage))
    return rows


def test_conformity_is_stated_where_the_customer_gave_a_tolerance(balance, users):
    assert balance.tolerance == "± 0,5 mg"
    services.save_results(users["analis"], balance.pk, _balance_sheet(decision_rule="guarded"),
                          _balance_rows(balance, users["analis"]), submit=True)
    sheet = services.sheet_of(balance)
    assert (sheet.decision_rule, sheet.tolerance_value) == ("guarded", "0.0005")
    assert set(CalibrationPoint.objects.filter(parameter__instrument=balance).values_list("conformity", flat=True)) \
        == {"pass"}
    data = report_data(balance)
    assert data["conformity_requested"] and data["tolerance"] == "± 0,5 mg"
    assert "pita pengaman" in data["decision_rule"] and "0.0005" in data["decision_rule"]
    assert data["parameters"][0]["points"][0]["conformity"] == "pass"


def test_no_conformity_and_no_rule_without_a_tolerance(thermometer, users, login):
    inst = thermometer
    page = login(users["analis2"]).get(reverse("results:grid", args=[inst.pk])).content.decode()
    assert 'name="decision_rule"' not in page
    sheet = SheetInput(calibration_date=timezone.localdate(), temperature="20", humidity="50",
                       method_id=CalibrationMethod.objects.get(code="MK-SUH-01").pk, resolution="0.01",
                       standard_ids=[ReferenceStandard.objects.get(identification="PRT-STD-01").pk],
                       decision_rule="simple", tolerance_value="0.1")
    services.save_results(users["analis2"], inst.pk, sheet, [
        PointInput(inst.parameters.get().pk, 1, nominal="50", readings="50.04; 50.05; 50.05", unit="°C")], submit=True)
    assert services.sheet_of(inst).decision_rule == ""
    data = report_data(inst)
    assert (data["conformity_requested"], data["decision_rule"], data["tolerance"]) == (False, "", "")
    assert data["parameters"][0]["points"][0]["conformity"] == ""


def test_before_and_after_adjustment(balance, users):
    analyst = users["analis"]
    before = _balance_rows(balance, analyst, stage="before")
    after = [PointInput(r.parameter_id, r.row_number + 10, nominal="100", readings="100.0000; 100.0001; 100.0000",
                        unit="g", stage="after") for r in before]
    with pytest.raises(ValidationError, match="tahap"):
        services.save_results(analyst, balance.pk, _balance_sheet(adjusted=True),
                              [*before, PointInput(before[0].parameter_id, 99, nominal="50", readings="50; 50.0001",
                                                   unit="g")], submit=True)
    services.save_results(analyst, balance.pk, _balance_sheet(adjusted=True), [*before, *after], submit=True)
    data = report_data(balance)
    assert data["adjusted"] is True
    stages = [(p["stage"], p["conformity"]) for p in data["parameters"][0]["points"]]
    assert stages == [("before", ""), ("after", "pass")]
