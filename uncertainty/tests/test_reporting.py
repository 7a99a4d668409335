"""Figures as the certificate prints them (EA-4/02): two significant digits, the 5 % rule, the result."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uncertainty.reporting import (
    certificate_figures,
    plain,
    round_coverage_factor,
    round_result,
    round_uncertainty,
)


@pytest.mark.parametrize("value, reported", [
    (0.0123, "0.012"),      # ordinary rounding lowers it by 2.4 %
    (0.01049, "0.010"),     # lowers it by 4.7 %: still ordinary rounding
    (0.01051, "0.011"),
    (0.0595, "0.060"),      # half up on the decimal as written, not on the binary float 0.05949999...
    (0.058523499553598125, "0.059"),
    (92.49909118215932, "92"),
    (123.4, "120"),
    (0.0996, "0.10"),       # rounding into the next decade keeps two digits
    (9.96, "10"),
    (0.000059, "0.000059"),
    (0, "0"),
])
def test_uncertainty_is_reported_to_two_significant_digits(value, reported):
    assert plain(round_uncertainty(value)) == reported


@pytest.mark.parametrize("value, reported", [
    (0.0104, "0.01"),    # ordinary rounding lowers it by 3.8 %: kept
    (0.01052, "0.01"),   # lowers it by 4.94 %: kept
    (0.01053, "0.02"),   # would lower it by 5.03 %: rounded up instead
    (0.0106, "0.02"),    # would lower it by 5.7 %
    (0.0149, "0.02"),    # would lower it by 33 %
    (0.096, "0.1"),      # ordinary rounding raises it
])
def test_rounding_that_lowers_the_uncertainty_by_more_than_5_percent_rounds_up(value, reported):
    # With two digits ordinary rounding never lowers by more than 0.5/10.5 = 4.8 %, so the rule is
    # seen at work with one significant digit.
    assert plain(round_uncertainty(value, significant_digits=1)) == reported


@given(st.decimals(min_value=Decimal("1e-9"), max_value=Decimal("1e9"), allow_nan=False, places=12))
def test_reported_uncertainty_has_two_digits_and_is_never_lowered_by_more_than_5_percent(value):
    if value <= 0:
        return
    reported = round_uncertainty(value)
    assert reported >= value * Decimal("0.95")
    assert len(reported.normalize().as_tuple().digits) <= 2


@pytest.mark.parametrize("result, uncertainty, reported", [
    (10.00028, "0.000059", "10.000280"),
    (10000.025, "0.059", "10000.025"),
    (12.3456, "0.58", "12.35"),
    (2.345, "0.01", "2.35"),
    (-0.12345, "0.0020", "-0.1235"),
    (10, "0.010", "10.000"),
    (1234.5, "1.2E+2", "1230"),
])
def test_result_is_rounded_to_the_decimal_place_of_the_uncertainty(result, uncertainty, reported):
    assert plain(round_result(result, Decimal(uncertainty))) == reported


@pytest.mark.parametrize("k, reported", [(2.0, "2.00"), (2.9207816224250998, "2.92"), (2.165, "2.17"), (13.9678, "13.97")])
def test_coverage_factor_is_reported_with_two_decimals(k, reported):
    assert plain(round_coverage_factor(k)) == reported


def test_certificate_figures_of_the_ea_weight_example():
    figures = certificate_figures(0.058523499553598125, 2.0, 10000.025)
    assert {key: plain(value) for key, value in figures.items()} == {
        "expanded_uncertainty": "0.059", "coverage_factor": "2.00", "result": "10000.025"}


def test_negative_uncertainty_is_refused():
    with pytest.raises(ValueError):
        round_uncertainty(-0.1)
