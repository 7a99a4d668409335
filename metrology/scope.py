"""Whether a result lies inside the laboratory's KAN accreditation scope (ILAC-P8).

    judge = scope_of(laboratory_id, method_id)   # reads the laboratory's scope once
    judge.covers(parameter_name, nominal, unit)  # True / False; None when the laboratory has no scope recorded

A point is inside when a scope line of the laboratory names the result's method, the parameter (or no
parameter: every parameter of the method), the point's unit, and a range holding the nominal value (both
ends included; an open end has no limit). A laboratory with no scope line at all is not judged (None): its
certificates show the accreditation mark as before. A result with no method, or a nominal that is not a
number, is outside once the laboratory has a scope.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation


def _unit(text: str) -> str:
    return (text or "").strip().replace("º", "°").replace(" ", "")


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


@dataclass
class Scope:
    judged: bool
    lines: list = field(default_factory=list)

    def covers(self, parameter: str, nominal, unit: str) -> bool | None:
        if not self.judged:
            return None
        value = _decimal(nominal)
        if value is None:
            return False
        name = (parameter or "").strip().casefold()
        return any((not line.parameter or line.parameter.strip().casefold() == name)
                   and _unit(line.unit) == _unit(unit)
                   and (line.range_min is None or line.range_min <= value)
                   and (line.range_max is None or value <= line.range_max)
                   for line in self.lines)

    @property
    def kan_numbers(self) -> list[str]:
        return sorted({line.kan_number for line in self.lines})


def scope_of(laboratory_id, method_id) -> Scope:
    """The scope lines of `laboratory_id` for `method_id` (one query); not judged when the laboratory has
    no scope line at all (two queries then)."""
    from metrology.models import AccreditationScope

    if laboratory_id is None:
        return Scope(judged=False)
    lines = list(AccreditationScope.objects.filter(laboratory_id=laboratory_id, method_id=method_id)) \
        if method_id else []
    if lines:
        return Scope(judged=True, lines=lines)
    return Scope(judged=AccreditationScope.objects.filter(laboratory_id=laboratory_id).exists())
