"""Measuring ranges as people write them ("220 g", "-30 °C s.d. 150 °C", "0-10 kg", "<= 1200 °C",
">= 1000 mL") read as numbers in a method's unit, and whether a method's range covers them.

Only what is written is compared: "220 g" states the top of the range, "0-10 kg" both ends, ">= 1000 mL"
the lower end. A text with no number, or with a unit that cannot be converted to the method's unit,
states nothing (`None`)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# Factors to a base unit per quantity, so that a range in kg can be compared with a method in g.
UNIT_FACTORS = {"mg": ("g", Decimal("0.001")), "kg": ("g", Decimal(1000)), "g": ("g", Decimal(1)),
                "ml": ("ml", Decimal(1)), "l": ("ml", Decimal(1000)), "µl": ("ml", Decimal("0.001")),
                "ul": ("ml", Decimal("0.001")),
                "bar": ("bar", Decimal(1)), "mbar": ("bar", Decimal("0.001")), "kpa": ("bar", Decimal("0.01")),
                "mpa": ("bar", Decimal(10)), "°c": ("°c", Decimal(1)), "c": ("°c", Decimal(1)),
                "k": ("°c", Decimal(1))}  # a kelvin difference equals a degree Celsius difference
_DIGIT_GROUPS = re.compile(r"(?<=\d) (?=\d{3}\b)")  # "6 200 g" -> "6200 g"
_NUMBER = re.compile(r"[-−–]?\d+(?:[.,]\d+)?")
_UNIT = re.compile(r"\s*(°\s*[cC]|[^\W\d_]+)")


@dataclass(frozen=True)
class StatedRange:
    """The ends of a range that were written, in the method's unit (None = not stated)."""

    low: Decimal | None
    high: Decimal | None

    def __str__(self):
        ends = [format(v.normalize(), "f") for v in (self.low, self.high) if v is not None]
        return " – ".join(dict.fromkeys(ends))


def convert(value: Decimal, unit: str, target: str) -> Decimal | None:
    """`value` in `unit` expressed in `target`; None when the units measure different things."""
    source, wanted = UNIT_FACTORS.get(_key(unit)), UNIT_FACTORS.get(_key(target))
    if _key(unit) == _key(target):
        return value
    if source is None or wanted is None or source[0] != wanted[0]:
        return None
    return value * source[1] / wanted[1]


def _key(unit: str) -> str:
    return (unit or "").strip().lower().replace("° c", "°c").replace(" ", "")


def read_range(text: str, unit: str) -> StatedRange | None:
    """The range written in `text`, in `unit`; None when it states no number in a convertible unit."""
    text = _DIGIT_GROUPS.sub("", (text or "").strip())
    numbers, end = [], 0
    for match in _NUMBER.finditer(text):
        token = match.group()
        if token[0] in "-−–" and re.search(r"\d\s*$", text[:match.start()]):
            token = token[1:]  # "0-10": a dash between two numbers; "-30": a negative number
        numbers.append(Decimal(token.lstrip("-−–").replace(",", ".")) * (-1 if token[0] in "-−–" else 1))
        end = match.end()
    if not numbers:
        return None
    written = _UNIT.match(text, end)
    written = written.group(1) if written else unit
    values = [convert(n, written, unit) for n in numbers]
    if any(v is None for v in values):
        return None
    if len(values) == 1:
        if re.search(r">|≥|min", text, re.IGNORECASE):
            return StatedRange(values[0], None)
        return StatedRange(None, values[0])
    return StatedRange(min(values), max(values))


def covers(low: Decimal | None, high: Decimal | None, stated: StatedRange | None) -> bool:
    """Whether [low, high] (None = open) contains every stated end of the range."""
    if stated is None:
        return True
    for value in (stated.low, stated.high):
        if value is None:
            continue
        if (low is not None and value < low) or (high is not None and value > high):
            return False
    return True
