"""Benchmark (not a test): the cost of building and validating the DCC of each report at step 17
(certificates.dcc_issue.check_numbered, run inside number_reports' transaction, under the order's lock).

    .venv/bin/python bench/dcc_numbering.py -n 20

Builds a throw-away test database, drives one demo order (two balances, one thermometer) to RESULTS_READY
through the real services, numbers it, then times check_numbered over its reports N times. Prints the
median per report (wall and CPU). Acceptable inside the transaction when < 20 ms per report.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sippt.settings_test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="timed rounds over the order's reports")
    args = parser.parse_args()

    import django

    django.setup()
    import logging

    from django.db import connection
    from django.test.utils import setup_test_environment

    logging.disable(logging.INFO)
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    from accounts.seed import seed_accounts
    from catalog.seed import seed_catalog
    from certificates import dcc_issue, services
    from demo import road as demo
    from metrology.seed import seed_metrology

    seed_catalog()
    users = seed_accounts()
    seed_metrology()
    order = demo.drive(users, demo.new_order(users, "pelanggan", demo.demo_lines(count_mass=2, count_temp=1)),
                       "RESULTS_READY")
    reports = services.number_reports(users["ketua_pji"], order.pk)
    dcc_issue.check_numbered(reports)  # warm-up: schema compiled, dsiunits parsed
    walls, cpus = [], []
    for _ in range(args.n):
        w, c = time.perf_counter(), time.process_time()
        dcc_issue.check_numbered(reports)
        walls.append((time.perf_counter() - w) / len(reports))
        cpus.append((time.process_time() - c) / len(reports))
    print(f"reports per round: {len(reports)}; rounds: {args.n}")
    print(f"per report: wall median {statistics.median(walls) * 1000:.1f} ms (max {max(walls) * 1000:.1f}), "
          f"CPU median {statistics.median(cpus) * 1000:.1f} ms")
    print("inside the transaction (< 20 ms):", "acceptable" if statistics.median(walls) < 0.02 else "NOT acceptable")


if __name__ == "__main__":
    main()
