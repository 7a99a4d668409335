"""The IKM of PermenPANRB 14/2017: exact 1/9 weights, rounding to two decimals, the four categories."""
from decimal import Decimal
from fractions import Fraction

import pytest

from survey import ikm


def _respondents(**sums):
    """Responses whose nine scores add up to the given totals: {total: how many respondents}."""
    shapes = {23: [3] * 5 + [2] * 4, 24: [3] * 6 + [2] * 3, 27: [3] * 9, 28: [4] + [3] * 8,
              31: [4] * 4 + [3] * 5, 32: [4] * 5 + [3] * 4}
    rows = []
    for total, count in sums.items():
        rows += [shapes[int(total[1:])]] * count
    return rows


def test_a_perfect_survey_scores_100_and_category_a():
    result = ikm.compute([[4] * 9] * 7)
    assert result.value == Decimal("100.00")
    assert result.category.letter == "A"
    assert str(result.category.label) == "Sangat Baik"


def test_the_lowest_possible_survey_scores_25_and_category_d():
    result = ikm.compute([[1] * 9])
    assert result.value == Decimal("25.00")
    assert result.category.letter == "D"


def test_a_hand_calculated_set_gives_each_element_average_and_the_index():
    responses = [
        [4, 4, 3, 3, 4, 4, 4, 3, 3],
        [3, 4, 3, 2, 4, 4, 4, 3, 3],
        [4, 3, 3, 3, 4, 4, 3, 4, 2],
    ]
    result = ikm.compute(responses)
    assert result.respondents == 3
    assert result.nrr == (Fraction(11, 3), Fraction(11, 3), Fraction(3), Fraction(8, 3), Fraction(4),
                          Fraction(4), Fraction(11, 3), Fraction(10, 3), Fraction(8, 3))
    # Σ NRR = 92/3; × 1/9 × 25 = 2300/27 = 85.185…
    assert result.exact == Fraction(2300, 27)
    assert result.value == Decimal("85.19")
    assert result.category.letter == "B"
    assert result.nrr_rounded[0] == Decimal("3.67")


def test_the_weight_is_exactly_one_ninth_not_0_11():
    responses = [[4, 4, 3, 3, 4, 4, 4, 3, 3], [3, 4, 3, 2, 4, 4, 4, 3, 3], [4, 3, 3, 3, 4, 4, 3, 4, 2]]
    with_0_11 = Decimal("84.33")  # what a weight rounded to 0.11 would give
    assert ikm.compute(responses).value != with_0_11
    assert ikm.compute([[4] * 9]).value != Decimal("99.00")


@pytest.mark.parametrize("respondents, value, letter", [
    (_respondents(s32=15, s31=4), "88.30", "B"),  # 25 × 604 / (9 × 19) = 88.304…
    (_respondents(s32=19, s31=5), "88.31", "A"),  # 25 × 763 / (9 × 24) = 88.310…
    (_respondents(s28=15, s27=11), "76.60", "C"),  # 25 × 717 / (9 × 26) = 76.602…
    (_respondents(s28=11, s27=8), "76.61", "B"),  # 25 × 524 / (9 × 19) = 76.608…
    (_respondents(s24=2, s23=3), "65.00", "C"),  # 25 × 117 / (9 × 5) = 65
    (_respondents(s24=15, s23=23), "64.99", "D"),  # 25 × 889 / (9 × 38) = 64.985…
])
def test_responses_on_each_side_of_a_category_boundary(respondents, value, letter):
    result = ikm.compute(respondents)
    assert result.value == Decimal(value)
    assert result.category.letter == letter


@pytest.mark.parametrize("value, letter", [
    ("100.00", "A"), ("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"),
    ("65.00", "C"), ("64.99", "D"), ("25.00", "D"),
    ("88.305", "A"), ("88.3049", "B"), ("64.995", "C"),  # decided on the value rounded to 2 decimals
])
def test_category_boundaries(value, letter):
    assert ikm.category_for(Decimal(value)).letter == letter


def test_category_accepts_exact_fractions():
    assert ikm.category_for(Fraction(2300, 27)).letter == "B"


def test_rounding_is_half_up_without_floats():
    assert ikm.round_half_up(Fraction(88305, 1000), 2) == Decimal("88.31")
    assert ikm.round_half_up(Fraction(1, 3), 2) == Decimal("0.33")


def test_no_responses_give_no_index():
    assert ikm.compute([]) is None


@pytest.mark.parametrize("bad", [[4] * 8, [4] * 8 + [5], [0] + [4] * 8])
def test_malformed_responses_are_refused(bad):
    with pytest.raises(ValueError):
        ikm.compute([bad])
