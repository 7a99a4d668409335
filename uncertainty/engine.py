"""Uncertainty budgets after JCGM 100:2008 (GUM) and EA-4/02 M:2022 (the same method as EA-4/02 M:2013).

A budget is a list of input contributions x_i, each with a sensitivity coefficient c_i and a
standard uncertainty u_i obtained from its kind:

    normal        u = U / k                (a calibration certificate's expanded uncertainty)
    rectangular   u = a / sqrt(3)          (a = half-width of the limits)
    triangular    u = a / sqrt(6)
    u_shaped      u = a / sqrt(2)
    type_a        u = s / sqrt(n)          (s = standard deviation of the n readings, nu = n - 1;
                                            or a pooled s with the n observations of this
                                            measurement, nu = n - 1 unless given)
    standard      u given

Every contribution has degrees of freedom nu_i (infinite unless given or following from readings).

    contribution        u_i(y) = |c_i| u_i
    index               100 % * u_i(y)^2 / u_c^2
    combined            u_c = sqrt(sum u_i(y)^2)                               (GUM 5.1.2)
    effective dof       nu_eff = u_c^4 / sum(u_i(y)^4 / nu_i)                  (GUM G.4.1,
                        Welch-Satterthwaite; zero contributions skipped; infinite when every
                        nu_i is infinite)
    coverage factor     k = t_p(floor(nu_eff)), Student's t two-sided at coverage probability p
                        (GUM G.3, Table G.2); k = 2 exactly for p = 0.9545 and infinite nu_eff
                        (EA-4/02 5.1), the normal quantile for another p
    expanded            U = k u_c                                              (GUM 6.2.1)

Student's t comes from the regularized incomplete beta function (continued fraction of Numerical
Recipes, 2nd ed., 6.4 `betacf`) and bisection; for nu above 1000 from the Cornish-Fisher expansion
(Abramowitz & Stegun 26.7.5). Pure Python: no Django, no scipy.
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

INF = math.inf
DEFAULT_COVERAGE_PROBABILITY = 0.9545
KINDS = ("normal", "rectangular", "triangular", "u_shaped", "type_a", "standard")
_HALF_WIDTH_DIVISORS = {"rectangular": math.sqrt(3), "triangular": math.sqrt(6), "u_shaped": math.sqrt(2)}


class BudgetError(ValueError):
    """A budget that cannot be evaluated; `field` names the offending entry (e.g. contributions[2].k)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Contribution:
    name: str
    sensitivity: float
    standard_uncertainty: float
    dof: float = INF
    kind: str = "standard"

    @property
    def contribution(self) -> float:
        """|c_i| u_i, in the unit of the measurand."""
        return abs(self.sensitivity) * self.standard_uncertainty


@dataclass(frozen=True)
class Budget:
    measurand: str
    unit: str
    contributions: tuple[Contribution, ...]
    coverage_probability: float = DEFAULT_COVERAGE_PROBABILITY
    result: float | None = None


@dataclass(frozen=True)
class ContributionResult:
    name: str
    standard_uncertainty: float
    contribution: float
    dof: float
    index_percent: float


@dataclass(frozen=True)
class BudgetResult:
    contributions: tuple[ContributionResult, ...]
    combined_standard_uncertainty: float
    effective_dof: float
    coverage_probability: float
    coverage_factor: float
    expanded_uncertainty: float


# --- the budget --------------------------------------------------------------------------------

def combined_standard_uncertainty(contributions) -> float:
    """u_c = sqrt(sum (c_i u_i)^2); math.hypot avoids overflow and underflow of the squares."""
    return math.hypot(*(item.contribution for item in contributions))


def effective_dof(contributions) -> float:
    """Welch-Satterthwaite: u_c^4 / sum(u_i(y)^4 / nu_i), written as 1 / sum((u_i(y)/u_c)^4 / nu_i)."""
    combined = combined_standard_uncertainty(contributions)
    if combined == 0:
        return INF
    denominator = sum((item.contribution / combined) ** 4 / item.dof
                      for item in contributions if item.contribution != 0 and item.dof != INF)
    return INF if denominator == 0 else 1 / denominator


def coverage_factor(dof: float, probability: float = DEFAULT_COVERAGE_PROBABILITY) -> float:
    """k: Student's t two-sided at `probability` with `dof` truncated to an integer."""
    _check_probability(probability)
    if dof == INF:
        return 2.0 if probability == DEFAULT_COVERAGE_PROBABILITY else normal_quantile((1 + probability) / 2)
    if not dof >= 1:
        raise ValueError("degrees of freedom must be at least 1")
    # Truncate, allowing for the rounding error of the sum (16 may arrive as 15.999999999999998).
    return _t_for_two_sided_tail(1 - probability, math.floor(dof + 1e-9))


def evaluate(budget: Budget) -> BudgetResult:
    combined = combined_standard_uncertainty(budget.contributions)
    nu_eff = effective_dof(budget.contributions)
    k = coverage_factor(nu_eff, budget.coverage_probability)
    rows = tuple(
        ContributionResult(
            name=item.name,
            standard_uncertainty=item.standard_uncertainty,
            contribution=item.contribution,
            dof=item.dof,
            index_percent=100 * (item.contribution / combined) ** 2 if combined else 0.0,
        )
        for item in budget.contributions
    )
    return BudgetResult(rows, combined, nu_eff, budget.coverage_probability, k, k * combined)


# --- Student's t and the normal distribution ---------------------------------------------------

def student_t_quantile(probability: float, dof: float) -> float:
    """The t with P(T <= t) = probability for Student's t with `dof` degrees of freedom (may be inf)."""
    _check_probability(probability)
    if not dof > 0:
        raise ValueError("degrees of freedom must be positive")
    if probability == 0.5:
        return 0.0
    if probability < 0.5:
        return -student_t_quantile(1 - probability, dof)
    return _t_for_two_sided_tail(2 * (1 - probability), dof)


def normal_quantile(probability: float) -> float:
    """The z with P(Z <= z) = probability for the standard normal distribution."""
    _check_probability(probability)
    if probability < 0.5:
        return -normal_quantile(1 - probability)
    tail = 2 * (1 - probability)
    return _bisect_decreasing(lambda z: math.erfc(z / math.sqrt(2)), tail, 0.0, 40.0)


def student_t_two_sided_tail(t: float, dof: float) -> float:
    """P(|T| > t) = I_x(nu/2, 1/2) with x = nu / (nu + t^2)."""
    t = abs(t)
    if t == 0:
        return 1.0
    if dof == INF:
        return math.erfc(t / math.sqrt(2))
    t2 = t * t
    return _regularized_beta(dof / 2, 0.5, dof / (dof + t2), t2 / (dof + t2))


def _t_for_two_sided_tail(tail: float, dof: float) -> float:
    if dof == INF:
        return normal_quantile(1 - tail / 2)
    if dof > 1000:
        return _cornish_fisher(normal_quantile(1 - tail / 2), dof)
    high = 1.0
    while student_t_two_sided_tail(high, dof) > tail:
        high *= 2
    return _bisect_decreasing(lambda t: student_t_two_sided_tail(t, dof), tail, 0.0, high)


def _cornish_fisher(z: float, nu: float) -> float:
    """Abramowitz & Stegun 26.7.5: t from the normal quantile z, error of order nu^-5."""
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    w = 1 / nu
    return z + w * (g1 + w * (g2 + w * (g3 + w * g4)))


def _bisect_decreasing(function, target: float, low: float, high: float) -> float:
    """The x in [low, high] where the decreasing `function` equals `target`, to the float resolution."""
    for _ in range(2000):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if function(middle) > target:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _regularized_beta(a: float, b: float, x: float, one_minus_x: float) -> float:
    """I_x(a, b); 1 - x is passed separately so that it keeps its precision when x is near 1."""
    if x <= 0:
        return 0.0
    if one_minus_x <= 0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log(one_minus_x))
    front = math.exp(log_front)
    if x < (a + 1) / (a + b + 2):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1 - front * _beta_continued_fraction(b, a, one_minus_x) / b


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of I_x(a, b) by the modified Lentz method (Numerical Recipes `betacf`)."""
    tiny, epsilon = 1e-300, 1e-16
    qab, qap, qam = a + b, a + 1, a - 1
    c = 1.0
    d = 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100_000):
        m2 = 2 * m
        for term in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                     -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1 + term * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + term / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < epsilon:
            return h
    raise ArithmeticError("incomplete beta function did not converge")


def _check_probability(probability: float) -> None:
    if not 0 < probability < 1:
        raise ValueError("probability must lie strictly between 0 and 1")


# --- reading a budget from plain data (a parsed JSON object) ------------------------------------

def parse_budget(data) -> Budget:
    """Build a Budget from a dict as documented in the management command; BudgetError names the field."""
    if not isinstance(data, dict):
        raise BudgetError("budget", "must be a JSON object")
    measurand = _text(data, "measurand", "measurand")
    unit = _text(data, "unit", "unit")
    probability = data.get("coverage_probability")
    if probability is None:
        probability = DEFAULT_COVERAGE_PROBABILITY
    elif not (_is_number(probability) and 0 < probability < 1):
        raise BudgetError("coverage_probability", "must be a number strictly between 0 and 1")
    result = data.get("result")
    if result is not None and not _is_number(result):
        raise BudgetError("result", "must be a number")
    items = data.get("contributions")
    if not isinstance(items, list) or not items:
        raise BudgetError("contributions", "must be a non-empty list")
    contributions = tuple(_parse_contribution(item, f"contributions[{index}]") for index, item in enumerate(items))
    return Budget(measurand, unit, contributions, float(probability), None if result is None else float(result))


def _parse_contribution(item, path: str) -> Contribution:
    if not isinstance(item, dict):
        raise BudgetError(path, "must be a JSON object")
    name = _text(item, "name", f"{path}.name")
    sensitivity = _number(item, "sensitivity", path)
    kind = item.get("kind")
    if kind not in KINDS:
        raise BudgetError(f"{path}.kind", f"must be one of {', '.join(KINDS)}")
    dof = _dof(item, path)
    if kind == "normal":
        expanded = _number(item, "expanded", path, non_negative=True)
        k = _number(item, "k", path)
        if k <= 0:
            raise BudgetError(f"{path}.k", "must be a number greater than 0")
        u = expanded / k
    elif kind in _HALF_WIDTH_DIVISORS:
        u = _number(item, "half_width", path, non_negative=True) / _HALF_WIDTH_DIVISORS[kind]
    elif kind == "standard":
        u = _number(item, "u", path, non_negative=True)
    else:
        u, readings_dof = _type_a(item, path)
        dof = readings_dof if dof is None else dof
    return Contribution(name, float(sensitivity), float(u), INF if dof is None else dof, kind)


def _type_a(item: dict, path: str) -> tuple[float, float]:
    """(s / sqrt(n), n - 1) from `readings`, or from a pooled `std_dev` with the `n` observations."""
    has_readings, has_pooled = "readings" in item, "std_dev" in item
    if has_readings == has_pooled:
        raise BudgetError(path, "type_a needs either readings or std_dev with n")
    if has_readings:
        readings = item["readings"]
        if not isinstance(readings, list) or len(readings) < 2:
            raise BudgetError(f"{path}.readings", "must be a list of at least 2 numbers")
        for index, reading in enumerate(readings):
            if not _is_number(reading):
                raise BudgetError(f"{path}.readings[{index}]", "must be a number")
        n = len(readings)
        return statistics.stdev(float(r) for r in readings) / math.sqrt(n), float(n - 1)
    std_dev = _number(item, "std_dev", path, non_negative=True)
    n = item.get("n")
    if not (_is_number(n) and float(n).is_integer() and n >= 2):
        raise BudgetError(f"{path}.n", "must be a whole number of at least 2")
    return std_dev / math.sqrt(n), float(n - 1)


def _dof(item: dict, path: str) -> float | None:
    dof = item.get("dof")
    if dof is None or dof == "inf":
        return None if dof is None else INF
    if not (_is_number(dof) and dof >= 1):
        raise BudgetError(f"{path}.dof", 'must be a number of at least 1, or "inf"')
    return float(dof)


def _number(item: dict, key: str, path: str, non_negative: bool = False) -> float:
    field = f"{path}.{key}"
    if key not in item:
        raise BudgetError(field, "is missing")
    value = item[key]
    if non_negative and not (_is_number(value) and value >= 0):
        raise BudgetError(field, "must be a non-negative number")
    if not _is_number(value):
        raise BudgetError(field, "must be a number")
    return float(value)


def _text(item: dict, key: str, field: str) -> str:
    if key not in item:
        raise BudgetError(field, "is missing")
    value = item[key]
    if not isinstance(value, str) or not value.strip():
        raise BudgetError(field, "must be a non-empty text")
    return value


def _is_number(value) -> bool:
    """A finite int or float (JSON true/false are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False
