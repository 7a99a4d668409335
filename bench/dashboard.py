"""Benchmark (not a test): CPU and wall time of the management dashboard over a quarter and over the
year to date, in process (Django's test client, production settings, the benchmark database), with
the head of centre's session. The SLA per step reads the durations stored on the audit entries.

    .venv/bin/python bench/dashboard.py -n 10 [--national] [--user kepala_balai]

--national measures the central admin's national page (every unit side by side); its account
`admin_pusat` (ADMIN_PUSAT, in no unit) is made in the benchmark database when missing.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import session_for, setup_django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="measured requests per period (after one warm-up)")
    parser.add_argument("--national", action="store_true", help="the central admin's national page")
    parser.add_argument("--user", default="kepala_balai", help="whose dashboard (default: the head of centre)")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import User

    settings.ALLOWED_HOSTS.append("testserver")
    today = timezone.localdate()
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    periods = [("quarter to date", quarter_start, today), ("year to date", date(today.year, 1, 1), today)]
    client = Client()
    if args.national:
        from accounts.models import UserRole
        from accounts.roles import Role

        user, _new = User.objects.get_or_create(username="admin_pusat", defaults={"full_name": "Admin Pusat"})
        UserRole.objects.get_or_create(user=user, role=Role.ADMIN_PUSAT, unit=None)
    else:
        user = User.objects.get(username=args.user)
    client.cookies["sessionid"] = session_for(user)
    path = reverse("management:dashboard")
    print("| period | CPU ms (median) | wall ms (median) | queries | DB ms |")
    print("|---|---|---|---|---|")
    for label, start, end in periods:
        params = {"start": start.isoformat(), "end": end.isoformat()}
        assert client.get(path, params).status_code == 200
        cpu, wall = [], []
        for _ in range(args.n):
            with CaptureQueriesContext(connection) as queries:
                c0, w0 = time.process_time(), time.perf_counter()
                client.get(path, params)
                cpu.append((time.process_time() - c0) * 1000)
                wall.append((time.perf_counter() - w0) * 1000)
        db_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(f"| {label} ({start:%d %b}–{end:%d %b %Y}) | {statistics.median(cpu):.0f} | "
              f"{statistics.median(wall):.0f} | {len(queries)} | {db_ms:.0f} |", flush=True)


if __name__ == "__main__":
    main()
