"""`manage.py uncertainty FILE`: evaluate one uncertainty budget written as JSON.

Input:
    {"measurand": "...", "unit": "g", "coverage_probability": 0.9545 (optional),
     "result": 10000.025 (optional, the measured value to round),
     "contributions": [{"name": "...", "sensitivity": 1, "kind": "normal", "expanded": 0.045, "k": 2,
                        "dof": 18 (optional, or "inf")}, ...]}
    kinds and their fields: normal (expanded, k); rectangular, triangular, u_shaped (half_width);
    type_a (readings, or std_dev with n); standard (u). Other keys (e.g. "reference") are ignored.

Output on standard output, one JSON object: the unrounded figures (combined_standard_uncertainty,
effective_dof, coverage_factor, expanded_uncertainty, contributions) and under "reported" the figures
as a certificate prints them (numbers with their reported digits, e.g. 0.010). Infinite degrees of
freedom are the string "inf". A bad budget: a message naming the field on standard error, exit status 2.
"""
import json
import math
import sys
from decimal import Decimal

from django.core.management.base import BaseCommand

from uncertainty.engine import BudgetError, evaluate, parse_budget
from uncertainty.reporting import certificate_figures, plain

BAD_INPUT_STATUS = 2


class Command(BaseCommand):
    help = "Evaluates an uncertainty budget (JSON file, or - for standard input) after the GUM and EA-4/02."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the budget as JSON; - reads standard input")

    def handle(self, *args, **options):
        try:
            data = _load(options["file"])
            budget = parse_budget(data)
        except BudgetError as error:
            self.stderr.write(f"uncertainty: {error}")
            raise SystemExit(BAD_INPUT_STATUS) from error
        self.stdout.write(to_json(budget_report(budget)))


def budget_report(budget) -> dict:
    result = evaluate(budget)
    return {
        "measurand": budget.measurand,
        "unit": budget.unit,
        "coverage_probability": result.coverage_probability,
        "combined_standard_uncertainty": result.combined_standard_uncertainty,
        "effective_dof": _dof(result.effective_dof),
        "coverage_factor": result.coverage_factor,
        "expanded_uncertainty": result.expanded_uncertainty,
        "contributions": [
            {
                "name": row.name,
                "standard_uncertainty": row.standard_uncertainty,
                "contribution": row.contribution,
                "dof": _dof(row.dof),
                "index_percent": row.index_percent,
            }
            for row in result.contributions
        ],
        "reported": certificate_figures(result.expanded_uncertainty, result.coverage_factor, budget.result),
    }


def to_json(value, depth: int = 0) -> str:
    """json.dumps with two-space indentation, writing a Decimal as a plain JSON number with its digits."""
    if isinstance(value, Decimal):
        return plain(value)
    inner, outer = "  " * (depth + 1), "  " * depth
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(str(key))}: {to_json(item, depth + 1)}" for key, item in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{outer}}}" if items else "{}"
    if isinstance(value, (list, tuple)):
        items = [inner + to_json(item, depth + 1) for item in value]
        return "[\n" + ",\n".join(items) + f"\n{outer}]" if items else "[]"
    return json.dumps(value, allow_nan=False)


def _load(path: str):
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise BudgetError(path, f"cannot be read ({error})") from error
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except ValueError as error:
        raise BudgetError(path, f"is not valid JSON ({error})") from error


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _dof(value: float):
    return "inf" if value == math.inf else value
