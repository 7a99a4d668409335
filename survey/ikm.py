"""The public-service satisfaction index (IKM) of PermenPANRB 14/2017, as pure arithmetic.

Per element, the average score over respondents is its NRR ("nilai rata-rata"). Each of the nine
elements weighs exactly 1/9 (not the rounded 0.11 of the regulation's worked example, which would
give 99.00 for a perfect survey): IKM = Σ(NRR × 1/9) × 25, computed in exact fractions and rounded
half up to two decimals only at the end. The category is decided on that rounded value.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

ELEMENT_COUNT = 9
WEIGHT = Fraction(1, ELEMENT_COUNT)
SCALE = 25  # converts the 1-4 scale to 25-100


@dataclass(frozen=True)
class Category:
    letter: str  # "A" .. "D", the quality of service ("mutu pelayanan")
    label: str  # the performance of the unit ("kinerja unit pelayanan")
    lowest: Decimal  # the lowest IKM value of the category, inclusive


CATEGORIES: tuple[Category, ...] = (
    Category("A", _("Sangat Baik"), Decimal("88.31")),
    Category("B", _("Baik"), Decimal("76.61")),
    Category("C", _("Kurang Baik"), Decimal("65.00")),
    Category("D", _("Tidak Baik"), Decimal("25.00")),
)


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    nrr: tuple[Fraction, ...]  # per element, in the regulation's order
    exact: Fraction  # the unrounded index
    value: Decimal  # rounded half up to two decimals
    category: Category

    @property
    def nrr_rounded(self) -> tuple[Decimal, ...]:
        return tuple(round_half_up(x, 2) for x in self.nrr)

    @property
    def weighted_nrr(self) -> tuple[Decimal, ...]:
        """NRR × 1/9 per element, rounded for display only."""
        return tuple(round_half_up(x * WEIGHT, 3) for x in self.nrr)


def round_half_up(value: Fraction, places: int) -> Decimal:
    """`value` rounded half up to `places` decimals, without going through a float."""
    factor = 10 ** places
    scaled = value * factor
    units = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)  # floor(x + 1/2)
    return Decimal(units).scaleb(-places)


def _checked(responses: Iterable[Sequence[int]]) -> list[tuple[int, ...]]:
    rows = [tuple(r) for r in responses]
    for row in rows:
        if len(row) != ELEMENT_COUNT:
            raise ValueError(f"a response has {ELEMENT_COUNT} scores, not {len(row)}")
        if any(not isinstance(s, int) or not 1 <= s <= 4 for s in row):
            raise ValueError(f"scores are whole numbers from 1 to 4: {row}")
    return rows


def element_averages(responses: Iterable[Sequence[int]]) -> tuple[Fraction, ...]:
    """NRR per element: the exact average score over the respondents."""
    rows = _checked(responses)
    if not rows:
        raise ValueError("no responses")
    return tuple(Fraction(sum(row[i] for row in rows), len(rows)) for i in range(ELEMENT_COUNT))


def index_from_averages(nrr: Sequence[Fraction]) -> Fraction:
    """IKM = Σ(NRR × 1/9) × 25, exact."""
    if len(nrr) != ELEMENT_COUNT:
        raise ValueError(f"{ELEMENT_COUNT} element averages are needed")
    return sum((Fraction(x) * WEIGHT for x in nrr), Fraction(0)) * SCALE


def category_for(value: Decimal | Fraction | float | str) -> Category:
    """The category of an IKM value, decided on the value rounded to two decimals."""
    exact = Fraction(value) if isinstance(value, (Decimal, Fraction)) else Fraction(Decimal(str(value)))
    rounded = round_half_up(exact, 2)
    for category in CATEGORIES:
        if rounded >= category.lowest:
            return category
    return CATEGORIES[-1]


def compute(responses: Iterable[Sequence[int]]) -> IkmResult | None:
    """The index of a set of responses (each the nine scores in order); None when there are none."""
    rows = _checked(responses)
    if not rows:
        return None
    nrr = element_averages(rows)
    exact = index_from_averages(nrr)
    value = round_half_up(exact, 2)
    return IkmResult(len(rows), nrr, exact, value, category_for(value))
