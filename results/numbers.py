"""Numbers as analysts type them: a decimal comma ("0,05") or a dot ("0.05"), kept with their digits.

Values are stored as normalised text ("0,050" -> "0.050") so that the significant digits of a
reading survive; arithmetic (the mean of readings) uses Decimal.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})
MAX_DIGITS = 20


def parse_decimal(text: str, field: str) -> str:
    """`text` as a normalised decimal string ("" when blank); ValidationError naming `field`."""
    raw = (text or "").strip().translate(_MINUS_SIGNS).replace(" ", "")
    if not raw:
        return ""
    if "," in raw and "." in raw:
        raise ValidationError(
            _("%(field)s: “%(value)s” memakai koma dan titik sekaligus; pakai satu tanda desimal saja, "
              "tanpa pemisah ribuan.") % {"field": field, "value": text.strip()})
    value = raw.replace(",", ".")
    if not _NUMBER.match(value) or sum(c.isdigit() for c in value) > MAX_DIGITS:
        raise ValidationError(_("%(field)s: “%(value)s” bukan angka.") % {"field": field, "value": text.strip()})
    return value.lstrip("+")


def split_readings(text: str, field: str) -> list[str]:
    """Several readings in one box: separated by semicolons, spaces or new lines; with dot decimals,
    commas may separate them too ("1.5,1.6", every reading with its dot). "1,5; 1,6" and "1,5 1,6" are two readings."""
    raw = (text or "").strip().translate(_MINUS_SIGNS)
    if not raw:
        return []
    tokens = [t for t in re.split(r",?[;\s]+", raw) if t]
    values: list[str] = []
    for token in tokens:
        parts = [token]
        if "." in token and "," in token and all("." in p for p in token.split(",")):
            parts = token.split(",")
        elif token.count(",") > 1:
            raise ValidationError(
                _("%(field)s: “%(value)s” tidak jelas; pisahkan pembacaan dengan titik koma (;) atau spasi.")
                % {"field": field, "value": token})
        values.extend(parse_decimal(p, field) for p in parts)
    return values


def decimals_of(value: str) -> int:
    return len(value.split(".", 1)[1]) if "." in value else 0


def mean_of(readings: list[str]) -> str:
    """The mean of the readings; with several readings, one decimal more than the finest of them."""
    if not readings:
        return ""
    if len(readings) == 1:
        return readings[0]
    places = max(decimals_of(r) for r in readings) + 1
    mean = sum(Decimal(r) for r in readings) / len(readings)
    return str(mean.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN))


def in_range(value: str, low, high) -> bool:
    return value == "" or Decimal(low) <= Decimal(value) <= Decimal(high)


def is_positive(value: str) -> bool:
    return value == "" or Decimal(value) > 0
