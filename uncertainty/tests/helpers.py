"""Shared by the uncertainty tests: the worked examples and a budget from plain data."""
import json
from pathlib import Path

from uncertainty.engine import evaluate, parse_budget

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def evaluate_data(data: dict):
    budget = parse_budget(data)
    return budget, evaluate(budget)


def budget_of(*contributions, **fields) -> dict:
    return {"measurand": "x", "unit": "mm", **fields, "contributions": list(contributions)}
