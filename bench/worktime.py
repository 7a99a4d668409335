"""Benchmark (not a test): microseconds per call of the office-time functions, the day-by-day walk
(kept as the reference in workflow/tests/test_worktime_equivalence.py) against the table of days.

    .venv/bin/python bench/worktime.py [-n 2000]

Cases: office minutes between an item's due time a year ago and now (an inbox row a year overdue,
what the SLA clock shows), a ten-minute norm and a fourteen-working-day norm from a start (the
deadline), the `sla_clock` template tag's work for that overdue row, and the one-off cost of building
a calendar's table over two years. No database is used. Prints date, load average and the command.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, setup_django


def per_call_us(fn, n: int, repeat: int = 5) -> float:
    """The best of `repeat` runs of n calls, in µs a call (the best run is the least disturbed one)."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        runs.append((time.perf_counter() - start) / n * 1e6)
    return min(runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="calls per run (5 runs, the best is kept)")
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    setup_django()
    sys.path.insert(0, str(ROOT))
    from workflow.templatetags.sop import sla_clock
    from workflow.sla import Clock
    from workflow.table import rows_for
    from workflow.tests.test_worktime_equivalence import DayByDayCalendar
    from workflow.worktime import WIB, OfficeCalendar

    old, new = DayByDayCalendar(), OfficeCalendar()
    now = datetime(2026, 12, 4, 10, 15, tzinfo=WIB)
    due = now - timedelta(days=365)
    start = datetime(2026, 11, 27, 15, 50, tzinfo=WIB)
    validate = rows_for("order.validate")[0]
    for cal in (old, new):  # warm: holidays of the years, and the new calendar's table
        assert cal.office_minutes_between(due, now) == new.office_minutes_between(due, now)
    cases = [
        ("office minutes between, a year overdue", lambda c: (lambda: c.office_minutes_between(due, now))),
        ("deadline: +10 office minutes", lambda c: (lambda: c.add_office_minutes(start, 10))),
        ("deadline: +14 working days", lambda c: (lambda: c.add_working_days(start, 14))),
        ("sla_clock tag, a row a year overdue", lambda c: (lambda: sla_clock(
            Clock(row=validate, entered_at=due, due_at=due, now=now, calendar=c)))),
    ]
    print(f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, command: .venv/bin/python bench/worktime.py -n {args.n}")
    print("| case | day-by-day walk µs | table of days µs | factor |")
    print("|---|---|---|---|")
    for name, make in cases:
        before, after = per_call_us(make(old), args.n), per_call_us(make(new), args.n)
        print(f"| {name} | {before:.1f} | {after:.1f} | {before / after:.0f}× |")

    def fresh_table():
        OfficeCalendar().office_minutes_between(due, now)
    print(f"| one-off: a new calendar's table over the year (built once per process and version) | — | "
          f"{per_call_us(fresh_table, max(args.n // 100, 5)):.0f} | — |")


if __name__ == "__main__":
    main()
