"""Benchmark (not a test): CPU time and queries per request of each main page, in-process (Django's
test client, production settings, the benchmark database). On a shared machine this says more than
latency does: CPU seconds per request do not grow when other work competes for the processors, and
2 cores / CPU-per-request is the ceiling of req/s a dedicated 2-core server could reach.

    .venv/bin/python bench/page_cpu.py -n 5 [--page-cache]

By default each request renders its page (the kept pages of core/page_cache.py off): what a page costs
the first time a person sees it, and after anything changed. With --page-cache the repeated requests are
answered from the page kept for the session, as a second look at an unchanged page is.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import session_for, setup_django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5, help="measured requests per page (after one warm-up)")
    parser.add_argument("--only", default="", help="measure only pages whose label contains this")
    parser.add_argument("--page-cache", action="store_true", help="answer repeats from the kept page")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from wrk_pages import pages

    settings.ALLOWED_HOSTS.append("testserver")
    if not args.page_cache:
        settings.PAGE_CACHE_SECONDS = 0
    print("| page | CPU ms (median) | wall ms (median) | queries | DB ms | HTML KB |")
    print("|---|---|---|---|---|---|")
    clients = {}
    for label, username, path in pages():
        if args.only and args.only not in label:
            continue
        if username not in clients:
            clients[username] = Client()
            clients[username].cookies["sessionid"] = session_for(User.objects.get(username=username))
        client = clients[username]
        client.get(path)
        cpu, wall = [], []
        for _ in range(args.n):
            with CaptureQueriesContext(connection) as queries:
                c0, w0 = time.process_time(), time.perf_counter()
                response = client.get(path)
                cpu.append((time.process_time() - c0) * 1000)
                wall.append((time.perf_counter() - w0) * 1000)
        db_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(f"| {label} | {statistics.median(cpu):.0f} | {statistics.median(wall):.0f} | {len(queries)} | "
              f"{db_ms:.0f} | {len(response.content) / 1024:.0f} |", flush=True)


if __name__ == "__main__":
    main()
