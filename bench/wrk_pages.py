"""Benchmark (not a test): each main page alone under `wrk` (32 connections), beside the floor — the
same server's throughput on /healthz, which does no database work — measured in the same run.

    .venv/bin/python bench/wrk_pages.py --url http://127.0.0.1:8000 --seconds 10

The server must already run (bench/serve.sh) against the same database (DATABASE_URL, default the
PostgreSQL database sippt_bench). Sessions are made directly in the database. Prints a Markdown
table (req/s, latency p50/p90/p99, non-2xx answers, ratio to the floor) and keeps wrk's raw output
under var/bench/.

Requests carry what a browser sends: the session cookie and the CSRF cookie. With the server's kept pages
on (core/page_cache.py: PAGE_CACHE_SECONDS, 30 by default when REDIS_URL is set, as in production) a
repeated request is answered from the page kept for that session; start the server with
PAGE_CACHE_SECONDS=0 to measure every page rendered afresh.
"""
from __future__ import annotations

import argparse
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, setup_django, session_for  # noqa: E402


def pages():
    """(label, username, path): the lists, every inbox, the order page, the treasurer's desk."""
    from django.urls import reverse

    from accounts.models import User
    from orders.models import Instrument, Order

    customer = User.objects.get(username="pelanggan")
    own = Order.objects.filter(company=customer.company, state="COMPLETED").order_by("-created_at").first()
    # the CS's own unit's orders (with several units, the newest order may be another unit's: a 404 for them)
    cs_units = User.objects.get(username="cs").units_of("CS")
    busy = Order.objects.filter(state="COMPLETED", unit_id__in=cs_units).order_by("-created_at").first()
    lab = Order.objects.filter(state="IN_LAB", unit_id__in=cs_units).order_by("-created_at").first()
    rows = [
        ("order list (customer)", "pelanggan", reverse("orders:list")),
        ("order list (CS)", "cs", reverse("orders:list")),
        ("order list (CS, search)", "cs", reverse("orders:list") + "?q=ORD%2F2026"),
        ("order list (supervisor)", "penyelia", reverse("orders:list")),
        ("order page (CS, completed)", "cs", reverse("orders:detail", args=[busy.pk])),
        ("order page (CS, in lab)", "cs", reverse("orders:detail", args=[lab.pk])),
        ("billing desk", "bendahara", reverse("billing:desk")),
    ]
    if own is not None:
        rows.insert(1, ("order page (customer)", "pelanggan", reverse("orders:detail", args=[own.pk])))
    # The results grid: the analyst's instrument being calibrated, and one with results the supervisor checks.
    analyst, supervisor = User.objects.get(username="analis"), User.objects.get(username="penyelia")
    calibrating = (Instrument.objects.filter(state="IN_CALIBRATION", parameters__analyst=analyst)
                   .order_by("-pk").first())
    entered = (Instrument.objects.filter(state="RESULTS_ENTERED", supervisor=supervisor).order_by("-pk").first())
    if calibrating is not None:
        rows.append(("results grid (analyst, calibrating)", "analis", reverse("results:grid", args=[calibrating.pk])))
    if entered is not None:
        rows.append(("results grid (supervisor, entered)", "penyelia", reverse("results:grid", args=[entered.pk])))
    for username, role in (("pelanggan", "PELANGGAN"), ("cs", "CS"), ("ketua_pji", "KETUA_PJI"),
                           ("bendahara", "BENDAHARA"), ("penyelia", "PENYELIA"), ("analis", "ANALIS"),
                           ("mt", "MT"), ("kepala_balai", "KEPALA_BALAI")):
        rows.append((f"inbox {role}", username, reverse("workflow:inbox", args=[role])))
    return rows


CSRF_COOKIE = secrets.token_hex(16)  # a CSRF secret: 32 letters and digits


def run_wrk(url: str, cookie: str | None, seconds: int, connections: int, name: str) -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:  # as a browser sends them: the session and the CSRF cookie its first page set
        cmd += ["-H", f"Cookie: sessionid={cookie}; csrftoken={CSRF_COOKIE}"]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    (OUT / f"wrk-{name}.txt").write_text(out)
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "non2xx": 0, "errors": ""}
    for pct in ("50", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        result[f"p{pct}"] = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else None
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    result["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors:(.*)", out)
    result["errors"] = m.group(1).strip() if m else ""
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--only", default="", help="run only pages whose label contains this")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unrecorded load on each page first")
    args = parser.parse_args()
    setup_django()
    from accounts.models import User

    OUT.mkdir(exist_ok=True)
    cookies = {}
    rows = []
    floor = run_wrk(args.url + "/healthz", None, args.seconds, args.connections, "floor")
    print(f"floor /healthz: {floor['rps']:.0f} req/s", flush=True)
    for label, username, path in pages():
        if args.only and args.only not in label:
            continue
        if username not in cookies:
            cookies[username] = session_for(User.objects.get(username=username))
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        # Check first that the session reaches the page (a redirect would measure the login page).
        check = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                                f"Cookie: sessionid={cookies[username]}; csrftoken={CSRF_COOKIE}", args.url + path],
                               capture_output=True, text=True)
        if args.warmup:  # every worker process and thread has served the page once (calendars, templates)
            run_wrk(args.url + path, cookies[username], args.warmup, args.connections, slug + "-warmup")
        result = run_wrk(args.url + path, cookies[username], args.seconds, args.connections, slug)
        result.update(label=label, path=path, status=check.stdout)
        rows.append(result)
        print(f"{label}: {result['rps']:.1f} req/s p50 {result['p50']} ms p99 {result['p99']} ms "
              f"status {result['status']}", flush=True)
        time.sleep(1)
    floor_end = run_wrk(args.url + "/healthz", None, args.seconds, args.connections, "floor-end")
    print(f"\nFloor (/healthz, no database): {floor['rps']:.0f} req/s at the start, {floor_end['rps']:.0f} at the end; "
          f"{args.connections} connections, {args.seconds} s per page.\n")
    print("| page | status | req/s | p50 ms | p90 ms | p99 ms | non-2xx | ratio to floor |")
    print("|---|---|---|---|---|---|---|---|")
    base = (floor["rps"] + floor_end["rps"]) / 2
    for r in rows:
        print(f"| {r['label']} | {r['status']} | {r['rps']:.1f} | {r['p50']:.0f} | {r['p90']:.0f} | {r['p99']:.0f} | "
              f"{r['non2xx']} | {r['rps'] / base:.3f} |")


if __name__ == "__main__":
    main()
