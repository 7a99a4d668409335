"""What the system works out for a calibration point once its readings are typed: with a calibration
method, the correction and the uncertainty budget (metrology.budgets over uncertainty.engine); where
the customer gave a tolerance, the statement of conformity under the chosen ILAC-G8 decision rule."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from metrology.budgets import PointProblem, evaluate_point
from metrology.ranges import convert
from results.models import Conformity, DecisionRule, Stage

_NUMBER_IN_TEXT = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\s\d;,()]*)")



@dataclass
class SheetContext:
    """The sheet's choices that every point's computation needs."""

    method: object | None = None
    components: list = field(default_factory=list)
    standards: list = field(default_factory=list)
    resolution: str = ""
    adjusted: bool = False
    conformity_requested: bool = False
    tolerance: str = ""
    rule: str = ""


def tolerance_from_text(text: str, unit: str = "") -> str:
    """The tolerance the customer typed, as a number in `unit` ("± 0,5 mg" in g -> "0.0005"); "" when it
    has no number or its unit cannot be converted to `unit`."""
    match = _NUMBER_IN_TEXT.search(text or "")
    if not match:
        return ""
    value, typed_unit = Decimal(match.group(1).replace(",", ".")), match.group(2).strip().lower()
    target = (unit or "").strip().lower()
    if not typed_unit or typed_unit == target:
        return _plain(value)
    converted = convert(value, typed_unit, target)  # a tolerance in mg for results in g (metrology.ranges)
    return "" if converted is None else _plain(converted)


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def derive(values: dict, ctx: SheetContext) -> None:
    """Complete a cleaned row (`values`: nominal, readings, correction, expanded_uncertainty, unit,
    coverage_factor, stage) with what follows from the method and the tolerance."""
    values["budget"] = {}
    if ctx.method is not None:
        values["unit"] = values.get("unit") or ctx.method.unit
        try:
            point = evaluate_point(ctx.method, ctx.components, values["nominal"], values["readings"], ctx.standards,
                                   ctx.resolution)
        except PointProblem as exc:
            values.update(correction="", expanded_uncertainty="", budget={"problem": str(exc)})
        else:
            values.update(correction=point.correction_text(), expanded_uncertainty=point.expanded_text(),
                          coverage_factor=point.k_text(), budget=point.as_dict())
    values["conformity"] = conformity(values.get("correction", ""), values.get("expanded_uncertainty", ""),
                                      values.get("stage", ""), ctx)


def conformity(correction: str, expanded: str, stage: str, ctx: SheetContext) -> str:
    """ILAC-G8: simple acceptance (w = 0) or a guard band w = U. The deviation from the reference is the
    size of the correction (or error). Points before adjustment get no statement."""
    if not ctx.conformity_requested or stage == Stage.BEFORE or not ctx.rule:
        return Conformity.NONE
    try:
        deviation, tolerance, u = abs(Decimal(correction)), Decimal(ctx.tolerance), Decimal(expanded)
    except (InvalidOperation, TypeError, ValueError):
        return Conformity.NONE
    if ctx.rule == DecisionRule.GUARDED:
        if deviation <= tolerance - u:
            return Conformity.PASS
        return Conformity.FAIL if deviation > tolerance + u else Conformity.INCONCLUSIVE
    return Conformity.PASS if deviation <= tolerance else Conformity.FAIL
