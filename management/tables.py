"""A report table: columns with a kind (how to show a value), rows of plain values, and optionally
the chart drawn from it. The dashboard shows it, the exports write it; both read the same object."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text, int, money, decimal, percent, datetime, date


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[tuple] = field(default_factory=list)
    chart: dict | None = None  # {"type": "bar"|"line", "labels": [...], "datasets": [{"label", "data"}]}
    note: str = ""
    total: int | None = None  # how many rows there are in all, when `rows` holds only the first of them

    @property
    def truncated(self) -> bool:
        return self.total is not None and self.total > len(self.rows)

    def chart_data(self) -> dict | None:
        if not self.chart:
            return None
        return {"type": self.chart.get("type", "bar"),
                "labels": [str(label) for label in self.chart["labels"]],
                "datasets": [{"label": str(d["label"]), "data": [None if v is None else float(v) for v in d["data"]]}
                             for d in self.chart["datasets"]]}
