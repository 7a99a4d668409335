"""Numbers as analysts type them."""
import pytest
from django.core.exceptions import ValidationError

from results.numbers import mean_of, parse_decimal, split_readings


@pytest.mark.parametrize("typed, stored", [
    ("0,05", "0.05"), ("0.05", "0.05"), (" -0,020 ", "-0.020"), ("\u22120,3", "-0.3"), ("+12", "12"), ("", ""),
])
def test_decimal_comma_and_dot_are_both_accepted_and_digits_kept(typed, stored):
    assert parse_decimal(typed, "koreksi") == stored


@pytest.mark.parametrize("typed", ["abc", "1e3", "NaN", "1,000.5", "0,0x", "--1"])
def test_what_is_not_a_plain_number_is_refused_naming_the_field(typed):
    with pytest.raises(ValidationError, match="koreksi"):
        parse_decimal(typed, "koreksi")


@pytest.mark.parametrize("typed, readings", [
    ("1,5; 1,6", ["1.5", "1.6"]), ("1,5 1,6", ["1.5", "1.6"]), ("1,5, 1,6", ["1.5", "1.6"]),
    ("1.5,1.6", ["1.5", "1.6"]), ("1.5, 1.6\n1.7", ["1.5", "1.6", "1.7"]), ("2,0", ["2.0"]),
])
def test_several_readings_in_one_box(typed, readings):
    assert split_readings(typed, "pembacaan") == readings


def test_mean_has_one_decimal_more_than_the_finest_reading():
    assert mean_of(["100.0002", "100.0003", "100.0002"]) == "100.00023"
    assert mean_of(["5.1"]) == "5.1"
    assert mean_of([]) == ""
