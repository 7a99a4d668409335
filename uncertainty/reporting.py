"""Figures as a calibration certificate prints them (EA-4/02 M:2022 section 5, GUM 7.2.6).

- The expanded uncertainty to at most two significant digits by ordinary rounding (half up), but
  rounded up instead where ordinary rounding would lower it by more than 5 %.
- The measurement result rounded to the decimal place of the reported uncertainty.
- The coverage factor to two decimals.

Decimal arithmetic on the shortest text of each float, so that 0.0595 rounds as written.
Pure Python: no Django.
"""
from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

MAXIMUM_LOWERING = Decimal("0.05")


def as_decimal(value) -> Decimal:
    """A float, int, str or Decimal as the Decimal it reads as (0.0595 -> Decimal('0.0595'))."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return number


def round_uncertainty(value, significant_digits: int = 2) -> Decimal:
    """The expanded uncertainty as reported: ordinary rounding to `significant_digits`, or rounding up
    where that would lower the value by more than 5 %. With two digits ordinary rounding lowers by at
    most 0.5/10.5 = 4.8 %, so the rule only acts with one digit."""
    if significant_digits not in (1, 2):
        raise ValueError("an uncertainty is reported to one or two significant digits")
    exact = as_decimal(value)
    if exact < 0:
        raise ValueError("an uncertainty cannot be negative")
    if exact == 0:
        return Decimal(0)
    ordinary = _to_significant(exact, significant_digits, ROUND_HALF_UP)
    if (exact - ordinary) / exact > MAXIMUM_LOWERING:
        return _to_significant(exact, significant_digits, ROUND_CEILING)
    return ordinary


def round_result(value, reported_uncertainty: Decimal) -> Decimal:
    """The measured value rounded (half up) to the last decimal place of the reported uncertainty."""
    exact = as_decimal(value)
    if reported_uncertainty == 0:
        return exact
    return exact.quantize(Decimal(1).scaleb(reported_uncertainty.as_tuple().exponent), ROUND_HALF_UP)


def round_coverage_factor(value) -> Decimal:
    return as_decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)


def certificate_figures(expanded_uncertainty, coverage_factor, result=None) -> dict[str, Decimal]:
    """{'expanded_uncertainty', 'coverage_factor'[, 'result']} as the certificate prints them."""
    uncertainty = round_uncertainty(expanded_uncertainty)
    figures = {"expanded_uncertainty": uncertainty, "coverage_factor": round_coverage_factor(coverage_factor)}
    if result is not None:
        figures["result"] = round_result(result, uncertainty)
    return figures


def plain(number: Decimal) -> str:
    """Positional notation with the reported digits kept: Decimal('1.2E+2') -> '120', '0.010' stays."""
    return format(number, "f")


def _to_significant(exact: Decimal, digits: int, rounding: str) -> Decimal:
    exponent = exact.adjusted() - digits + 1
    rounded = exact.quantize(Decimal(1).scaleb(exponent), rounding)
    if rounded.adjusted() > exact.adjusted():  # 0.0996 -> 0.100: one digit too many, drop it
        rounded = rounded.quantize(Decimal(1).scaleb(exponent + 1), rounding)
    return rounded
