"""Uncertainty budgets: the worked examples of EA-4/02 and the GUM, and hand-calculated cases."""
import math

import pytest

from uncertainty.engine import BudgetError, parse_budget
from uncertainty.reporting import certificate_figures, plain
from uncertainty.tests.helpers import budget_of, evaluate_data, example


def test_ea_4_02_s2_weight_of_10_kg():
    budget, result = evaluate_data(example("ea4_02_s2_weight_10kg"))
    assert [round(row.standard_uncertainty * 1000, 2) for row in result.contributions] == [
        22.5, 8.66, 14.43, 5.77, 5.77]  # mg, as in the example's table
    assert result.combined_standard_uncertainty * 1000 == pytest.approx(29.3, abs=0.1)  # mg
    assert result.effective_dof == math.inf
    assert result.coverage_factor == 2.0
    figures = certificate_figures(result.expanded_uncertainty, result.coverage_factor, budget.result)
    assert plain(figures["expanded_uncertainty"]) == "0.059"  # g, i.e. 59 mg
    assert plain(figures["coverage_factor"]) == "2.00"
    assert plain(figures["result"]) == "10000.025"


def test_gum_h1_end_gauge():
    _, result = evaluate_data(example("gum_h1_end_gauge"))
    assert [round(row.contribution, 1) for row in result.contributions] == [25.0, 9.7, 0.0, 0.0, 2.9, 16.6]
    assert result.combined_standard_uncertainty == pytest.approx(32, abs=0.5)  # nm
    assert math.floor(result.effective_dof) == 16
    assert result.coverage_factor == pytest.approx(2.92, abs=0.005)
    assert result.expanded_uncertainty == pytest.approx(93, abs=0.6)  # nm
    # The GUM multiplies its rounded u_c = 32 nm by 2.92 (93 nm); from the unrounded 31.67 nm the
    # expanded uncertainty is 92.50 nm, which EA-4/02 rounding reports as 92 nm.
    assert plain(certificate_figures(result.expanded_uncertainty, result.coverage_factor)["expanded_uncertainty"]) == "92"


def test_gum_h1_with_the_comparator_split_into_its_three_parts_gives_the_same_budget():
    data = example("gum_h1_end_gauge")
    data["contributions"][1:2] = [
        {"name": "repeated observations", "sensitivity": 1, "kind": "type_a", "std_dev": 13, "n": 5, "dof": 24},
        {"name": "random effects of the comparator", "sensitivity": 1, "kind": "standard", "u": 3.9, "dof": 5},
        {"name": "systematic effects of the comparator", "sensitivity": 1, "kind": "standard", "u": 6.7, "dof": 8},
    ]
    _, result = evaluate_data(data)
    assert result.combined_standard_uncertainty == pytest.approx(31.7, abs=0.1)
    assert math.floor(result.effective_dof) == 16


def test_single_rectangular_contribution():
    budget, result = evaluate_data(example("rectangular_single"))
    assert result.combined_standard_uncertainty == pytest.approx(0.5 / math.sqrt(3), rel=1e-12)
    assert result.contributions[0].index_percent == pytest.approx(100)
    assert result.effective_dof == math.inf
    assert result.expanded_uncertainty == pytest.approx(2 * 0.288675134594813, rel=1e-12)
    figures = certificate_figures(result.expanded_uncertainty, result.coverage_factor, budget.result)
    assert (plain(figures["expanded_uncertainty"]), plain(figures["result"])) == ("0.58", "12.35")


@pytest.mark.parametrize("kind, fields, u", [
    ("normal", {"expanded": 0.045, "k": 2}, 0.0225),
    ("rectangular", {"half_width": 0.3}, 0.3 / math.sqrt(3)),
    ("triangular", {"half_width": 0.6}, 0.6 / math.sqrt(6)),
    ("u_shaped", {"half_width": 0.2}, 0.2 / math.sqrt(2)),
    ("standard", {"u": 0.7}, 0.7),
    ("type_a", {"std_dev": 0.3, "n": 9}, 0.1),
])
def test_standard_uncertainty_of_each_kind(kind, fields, u):
    _, result = evaluate_data(budget_of({"name": kind, "sensitivity": 1, "kind": kind, **fields}))
    assert result.contributions[0].standard_uncertainty == pytest.approx(u, rel=1e-12)


def test_negative_and_zero_sensitivities():
    _, result = evaluate_data(budget_of(
        {"name": "a", "sensitivity": -2, "kind": "standard", "u": 3},
        {"name": "b", "sensitivity": 2, "kind": "standard", "u": 4},
        {"name": "c", "sensitivity": 0, "kind": "standard", "u": 100, "dof": 1},
    ))
    assert [row.contribution for row in result.contributions] == [6, 8, 0]
    assert result.combined_standard_uncertainty == pytest.approx(10)
    assert [row.index_percent for row in result.contributions] == pytest.approx([36, 64, 0])
    # The zero contribution's single degree of freedom does not enter Welch-Satterthwaite.
    assert result.effective_dof == math.inf
    assert result.coverage_factor == 2.0


def test_type_a_from_readings_has_n_minus_1_degrees_of_freedom():
    _, result = evaluate_data(budget_of(
        {"name": "r", "sensitivity": 1, "kind": "type_a", "readings": [10.01, 10.03, 10.02, 10.04]}))
    row = result.contributions[0]
    # mean 10.025; squared deviations 2.25e-4 + 2.5e-5 + 2.5e-5 + 2.25e-4 = 5e-4; s^2 = 5e-4 / 3
    assert row.standard_uncertainty == pytest.approx(math.sqrt(5e-4 / 3) / 2, rel=1e-9)
    assert row.dof == 3
    assert result.effective_dof == pytest.approx(3)
    assert result.coverage_factor == pytest.approx(3.31, abs=0.005)  # GUM Table G.2, nu = 3


def test_pooled_standard_deviation_takes_n_minus_1_unless_dof_is_given():
    _, result = evaluate_data(budget_of({"name": "p", "sensitivity": 1, "kind": "type_a", "std_dev": 0.3, "n": 9}))
    assert (result.contributions[0].standard_uncertainty, result.contributions[0].dof) == (pytest.approx(0.1), 8)
    assert result.coverage_factor == pytest.approx(2.37, abs=0.005)
    _, result = evaluate_data(budget_of(
        {"name": "p", "sensitivity": 1, "kind": "type_a", "std_dev": 0.3, "n": 9, "dof": 50}))
    assert result.contributions[0].dof == 50


def test_welch_satterthwaite_by_hand():
    _, result = evaluate_data(budget_of(
        {"name": "a", "sensitivity": 1, "kind": "standard", "u": 3, "dof": 4},
        {"name": "b", "sensitivity": 1, "kind": "standard", "u": 4},
    ))
    assert result.effective_dof == pytest.approx(5**4 / (3**4 / 4))  # 30.86
    assert result.coverage_factor == pytest.approx(2.09, abs=0.005)  # nu = 30
    assert result.expanded_uncertainty == pytest.approx(5 * result.coverage_factor)


def test_effective_dof_of_exactly_16_is_not_truncated_to_15():
    _, result = evaluate_data(budget_of(
        {"name": "a", "sensitivity": 1, "kind": "standard", "u": 1, "dof": 8},
        {"name": "b", "sensitivity": -1, "kind": "standard", "u": 1, "dof": 8},
    ))
    assert result.effective_dof == pytest.approx(16)
    assert result.coverage_factor == pytest.approx(2.1689, abs=1e-4)


def test_mixed_example_with_readings_and_triangular():
    _, result = evaluate_data(example("type_a_readings"))
    parts = [math.sqrt(5e-4 / 3) / 2, 1.0029 * 0.001, 0.0021 * 0.2 / math.sqrt(6)]
    assert result.combined_standard_uncertainty == pytest.approx(math.sqrt(sum(p * p for p in parts)), rel=1e-9)
    assert result.effective_dof == pytest.approx(result.combined_standard_uncertainty**4 / (parts[0] ** 4 / 3))


def test_coverage_probability_of_the_budget_is_used():
    _, result = evaluate_data(budget_of({"name": "a", "sensitivity": 1, "kind": "standard", "u": 1},
                                        coverage_probability=0.95))
    assert result.coverage_factor == pytest.approx(1.959964, abs=1e-6)


def test_budget_errors_name_the_field():
    with pytest.raises(BudgetError) as caught:
        parse_budget(budget_of({"name": "a", "sensitivity": 1, "kind": "standard", "u": 1},
                               {"name": "b", "sensitivity": 1, "kind": "rectangular", "half_width": -1}))
    assert caught.value.field == "contributions[1].half_width"
    assert str(caught.value) == "contributions[1].half_width: must be a non-negative number"
