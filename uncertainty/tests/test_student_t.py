"""Student's t and the coverage factor, against published tables (GUM Table G.2) and closed forms."""
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uncertainty.engine import (
    coverage_factor,
    normal_quantile,
    student_t_quantile,
    student_t_two_sided_tail,
)


@pytest.mark.parametrize("probability, dof, t", [
    (0.975, 16, 2.119905), (0.995, 16, 2.920782), (0.975, 1, 12.706205), (0.975, 2, 4.302653),
    (0.975, 10, 2.228139), (0.975, 30, 2.042272), (0.975, 100, 1.983972), (0.95, 5, 2.015048),
    (0.995, 1, 63.656741), (0.9995, 1, 636.619249),
])
def test_quantiles_match_the_tables_to_a_millionth(probability, dof, t):
    assert student_t_quantile(probability, dof) == pytest.approx(t, abs=1e-6)


@pytest.mark.parametrize("probability, dof, k", [
    (0.9545, 1, 13.97), (0.9545, 2, 4.53), (0.9545, 3, 3.31), (0.9545, 8, 2.37), (0.9545, 10, 2.28),
    (0.9545, 16, 2.17), (0.9545, 30, 2.09), (0.9545, 50, 2.05), (0.99, 2, 9.92), (0.99, 16, 2.92),
    (0.99, 50, 2.68), (0.95, 20, 2.09), (0.95, 1, 12.71),
])
def test_coverage_factor_matches_gum_table_g2(probability, dof, k):
    assert round(coverage_factor(dof, probability), 2) == k


def test_coverage_factor_is_exactly_two_for_infinite_dof_at_95_45_percent():
    assert coverage_factor(math.inf) == 2.0
    assert coverage_factor(math.inf, 0.9545) == 2.0


def test_coverage_factor_for_infinite_dof_at_another_probability_is_the_normal_quantile():
    assert coverage_factor(math.inf, 0.95) == pytest.approx(1.959964, abs=1e-6)
    assert coverage_factor(math.inf, 0.99) == pytest.approx(2.575829, abs=1e-6)


def test_effective_dof_is_truncated_not_rounded():
    assert coverage_factor(16.99) == coverage_factor(16)
    assert coverage_factor(16.76, 0.99) == pytest.approx(2.920782, abs=1e-6)
    assert coverage_factor(15.999999999999998) == coverage_factor(16)  # a sum's rounding error


def test_large_dof_joins_the_normal_quantile_smoothly():
    # Exact routine up to 1000, Cornish-Fisher expansion above: no step between them.
    assert coverage_factor(1000) == pytest.approx(2.002506, abs=1e-6)
    assert coverage_factor(1001) < coverage_factor(1000)
    assert coverage_factor(1e12) == pytest.approx(normal_quantile(1 - 0.0455 / 2), abs=1e-9)


@given(st.floats(0.5, 0.99999))
def test_one_degree_of_freedom_is_the_cauchy_distribution(probability):
    assert math.isclose(student_t_quantile(probability, 1), math.tan(math.pi * (probability - 0.5)),
                        rel_tol=1e-9, abs_tol=1e-12)


@given(st.floats(0.5, 0.99999))
def test_two_degrees_of_freedom_has_a_closed_form(probability):
    expected = (2 * probability - 1) / math.sqrt(2 * probability * (1 - probability))
    assert math.isclose(student_t_quantile(probability, 2), expected, rel_tol=1e-9, abs_tol=1e-12)


@given(st.floats(0.501, 0.99999), st.integers(1, 1000))
def test_quantile_inverts_the_distribution(probability, dof):
    t = student_t_quantile(probability, dof)
    assert math.isclose(student_t_two_sided_tail(t, dof), 2 * (1 - probability), rel_tol=1e-8)
    assert student_t_quantile(1 - probability, dof) == pytest.approx(-t, rel=1e-12)


@pytest.mark.parametrize("probability", [0, 1, -0.1, 1.5])
def test_probability_outside_the_open_interval_is_refused(probability):
    with pytest.raises(ValueError):
        coverage_factor(10, probability)
