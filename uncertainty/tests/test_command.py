"""`manage.py uncertainty FILE`: one JSON object out, or a message naming the field and exit status 2."""
import io
import json
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command

from uncertainty.tests.helpers import EXAMPLES, budget_of, example

RECTANGLE = {"name": "resolution", "sensitivity": 1, "kind": "rectangular", "half_width": 0.5}


def run(path):
    out, err = io.StringIO(), io.StringIO()
    call_command("uncertainty", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_bad(tmp_path, text):
    path = tmp_path / "budget.json"
    path.write_text(text if isinstance(text, str) else json.dumps(text), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("uncertainty", str(path), stdout=io.StringIO(), stderr=err)
    assert exited.value.code == 2
    return err.getvalue()


def test_valid_budget_prints_one_json_object_with_the_documented_keys():
    out, err = run(EXAMPLES / "gum_h1_end_gauge.json")
    report = json.loads(out)
    assert err == ""
    for key in ("combined_standard_uncertainty", "coverage_factor", "expanded_uncertainty"):
        assert type(report[key]) is float
    assert type(report["effective_dof"]) is float and 16 < report["effective_dof"] < 17
    assert report["expanded_uncertainty"] == pytest.approx(92.5, abs=0.01)  # unrounded
    assert [set(row) for row in report["contributions"]] == [
        {"name", "standard_uncertainty", "contribution", "dof", "index_percent"}] * 6
    assert [row["dof"] for row in report["contributions"]] == [18, 25.6, "inf", "inf", 50, 2]
    assert report["reported"] == {"expanded_uncertainty": 92, "coverage_factor": 2.92}


def test_reported_figures_are_plain_numbers_with_the_certificate_digits():
    out, _ = run(EXAMPLES / "ea4_02_s2_weight_10kg.json")
    assert '"expanded_uncertainty": 0.059,' in out and '"coverage_factor": 2.00,' in out
    report = json.loads(out, parse_float=Decimal)
    assert report["effective_dof"] == "inf"
    assert report["reported"] == {
        "expanded_uncertainty": Decimal("0.059"), "coverage_factor": Decimal("2.00"), "result": Decimal("10000.025")}
    assert str(report["reported"]["result"]) == "10000.025"


def test_budget_from_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(budget_of(RECTANGLE, result=12.3456))))
    report = json.loads(run("-")[0])
    assert report["reported"] == {"expanded_uncertainty": 0.58, "coverage_factor": 2.0, "result": 12.35}


@pytest.mark.parametrize("budget, message", [
    ({"unit": "g", "contributions": [RECTANGLE]}, "measurand: is missing"),
    (budget_of(), "contributions: must be a non-empty list"),
    (budget_of(RECTANGLE, {"name": "b", "sensitivity": 1, "kind": "gaussian"}), "contributions[1].kind: must be one of"),
    (budget_of(RECTANGLE, RECTANGLE, {**RECTANGLE, "half_width": -1}),
     "contributions[2].half_width: must be a non-negative number"),
    (budget_of({**RECTANGLE, "sensitivity": "1"}), "contributions[0].sensitivity: must be a number"),
    (budget_of({"name": "a", "kind": "standard", "u": 1}), "contributions[0].sensitivity: is missing"),
    (budget_of({"name": "a", "sensitivity": 1, "kind": "normal", "expanded": 0.1, "k": 0}),
     "contributions[0].k: must be a number greater than 0"),
    (budget_of({"name": "a", "sensitivity": 1, "kind": "normal", "expanded": -0.1, "k": 2}),
     "contributions[0].expanded: must be a non-negative number"),
    (budget_of({"name": "a", "sensitivity": 1, "kind": "normal", "k": 2}), "contributions[0].expanded: is missing"),
    (budget_of({"name": "a", "sensitivity": 1, "kind": "standard", "u": -1}),
     "contributions[0].u: must be a non-negative"),
    (budget_of({"name": "a", "sensitivity": 1, "kind": "type_a", "readings": [1.0]}),
     "contributions[0].readings: must be a list of at least 2 numbers"),
    (budget_of({"name": "a", "sensitivity": 1, "kind": "type_a", "readings": [1.0, "x"]}),
     "contributions[0].readings[1]: must be a number"),
    (budget_of({"name": "a", "sensitivity": 1, "kind": "type_a", "std_dev": 0.1, "n": 1}),
     "contributions[0].n: must be a whole number of at least 2"),
    (budget_of({"name": "a", "sensitivity": 1, "kind": "type_a"}), "contributions[0]: type_a needs either readings"),
    (budget_of({**RECTANGLE, "dof": 0}), 'contributions[0].dof: must be a number of at least 1, or "inf"'),
    (budget_of(RECTANGLE, coverage_probability=1), "coverage_probability: must be a number strictly between 0 and"),
    (budget_of(RECTANGLE, coverage_probability=0), "coverage_probability: must be a number strictly between 0 and"),
    (budget_of(RECTANGLE, result="10.0"), "result: must be a number"),
    ([RECTANGLE], "budget: must be a JSON object"),
])
def test_malformed_budget_exits_2_naming_the_field(tmp_path, budget, message):
    assert message in run_bad(tmp_path, budget)


@pytest.mark.parametrize("text, message", [
    ("{not json", "is not valid JSON"),
    ('{"measurand": "x", "unit": "g", "contributions": [{"name": "a", "sensitivity": NaN, "kind": "standard", "u": 1}]}',
     "is not valid JSON (NaN is not a JSON number)"),
])
def test_text_that_is_not_json_exits_2(tmp_path, text, message):
    assert message in run_bad(tmp_path, text)


def test_missing_file_exits_2(tmp_path):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("uncertainty", str(tmp_path / "absent.json"), stderr=err)
    assert exited.value.code == 2
    assert "absent.json: cannot be read" in err.getvalue()


def test_shell_sees_exit_status_2_and_nothing_on_standard_output(tmp_path):
    path = tmp_path / "bad.json"
    data = example("rectangular_single")
    data["contributions"][0]["half_width"] = -0.5
    path.write_text(json.dumps(data), encoding="utf-8")
    command = [sys.executable, "manage.py", "uncertainty", str(path)]
    finished = subprocess.run(command, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60)
    assert finished.returncode == 2
    assert finished.stdout == ""
    assert "contributions[0].half_width: must be a non-negative number" in finished.stderr
