"""A point's correction and budget from a method template (metrology.budgets over uncertainty.engine)."""
import math
from types import SimpleNamespace as NS

import pytest

from metrology.budgets import PointProblem, evaluate_point, pick_standard
from uncertainty import engine


def _component(name, source, distribution="rectangular", sensitivity=1.0, value=None, relative=False, k=2.0, dof=None):
    return NS(name=name, source=source, distribution=distribution, sensitivity=sensitivity, value=value,
              relative=relative, k=k, dof=dof)


WEIGHT_METHOD = NS(name="weights", unit="g", correction_form="comparison")
WEIGHT_BUDGET = [
    _component("repeatability", "readings"),
    _component("standard", "standard"),
    _component("drift", "fixed", value=0.015),
    _component("buoyancy", "fixed", value=1e-6, relative=True),
]
STANDARD_10KG = NS(name="F2", identification="10 kg", nominal="10000", correction=0.0, expanded_uncertainty=0.045,
                   coverage_factor=2.0)


def test_comparison_of_a_weight_follows_the_ea_4_02_example():
    """EA-4/02 S2: differences 0.01, 0.03, 0.02 g against a 10 kg standard; correction = standard's
    deviation + mean difference; the budget's standard, drift and buoyancy lines as in the example."""
    point = evaluate_point(WEIGHT_METHOD, WEIGHT_BUDGET, "10000", ["0.01", "0.03", "0.02"], [STANDARD_10KG], "")
    assert math.isclose(point.correction, 0.02)
    u = {c["name"]: float(c["u"]) for c in point.contributions}
    assert math.isclose(u["standard"], 0.0225, rel_tol=1e-4)
    assert math.isclose(u["drift"], 0.015 / math.sqrt(3), rel_tol=1e-4)
    assert math.isclose(u["buoyancy"], 0.01 / math.sqrt(3), rel_tol=1e-4)
    assert math.isclose(u["repeatability"], 0.01 / math.sqrt(3), rel_tol=1e-4)
    expected = engine.evaluate(engine.Budget("m", "g", (
        engine.Contribution("r", 1, 0.01 / math.sqrt(3), 2), engine.Contribution("s", 1, 0.0225),
        engine.Contribution("d", 1, 0.015 / math.sqrt(3)), engine.Contribution("b", 1, 0.01 / math.sqrt(3)))))
    assert math.isclose(point.result.expanded_uncertainty, expected.expanded_uncertainty)
    assert point.as_dict()["reported_U"] == point.expanded_text()


def test_the_point_names_what_is_missing():
    with pytest.raises(PointProblem, match="standar"):
        evaluate_point(WEIGHT_METHOD, WEIGHT_BUDGET, "500", ["0.01", "0.02"], [STANDARD_10KG], "")
    with pytest.raises(PointProblem, match="2 pembacaan"):
        evaluate_point(WEIGHT_METHOD, WEIGHT_BUDGET, "10000", ["0.01"], [STANDARD_10KG], "")
    with pytest.raises(PointProblem, match="resolusi"):
        evaluate_point(WEIGHT_METHOD, [_component("res", "resolution")], "10000", ["0.01", "0.02"], [STANDARD_10KG], "")


def test_the_standard_of_the_points_nominal_is_preferred():
    whole = NS(nominal="", name="set")
    exact = NS(nominal="100", name="100 g")
    assert pick_standard([whole, exact], "100,0") is exact
    assert pick_standard([whole, exact], "50") is whole
    assert pick_standard([exact], "50") is None
