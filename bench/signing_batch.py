"""Benchmark (not a test): a batch of N 2-page E-LHU signed in the background by W worker processes,
as the head of centre's batch signing runs in production; reports the wall time per report.

    .venv/bin/python bench/signing_batch.py                  # N = 50 reports, W = 2 workers
    .venv/bin/python bench/signing_batch.py -n 50 -w 1       # one worker: the reports one after another

A fresh PostgreSQL database (`sippt_bench_signing`, dropped and made again) with the demo accounts and
keys; N reports over N/5 orders waiting at step 19 for the head of centre, with the same two-page
results as bench/signing.py. W real `db_worker` processes are started and warmed up as long-running
processes are (one draft render: fonts, templates; pyHanko imported), then the clock runs from
`start_batch` (passphrase check, items, W tasks queued: what the head's click does) until the batch
is closed. Per report = that time / N. Target (issue 5): under 0.3 s per 2-page report on this machine.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench" / "signing"
DATABASE = "sippt_bench_signing"
SERVER = "postgresql://postgres@127.0.0.1:5432"
PER_ORDER = 5


def environment(workers: int) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "sippt.settings", "DATABASE_URL": f"{SERVER}/{DATABASE}",
            "SIPPT_VAR_DIR": str(VAR), "DEBUG": "False", "SECRET_KEY": "bench-only-signing-key-0123456789abcdef",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend", "SIGNING_PARALLEL": str(workers),
            "LOG_LEVEL": "WARNING", "REDIS_URL": ""}


def fixed_results() -> None:
    """The reports' results: the two-page set of bench/signing.py (in this process)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from signing import two_page_results

    from certificates import content

    data = two_page_results()
    content.results_of = lambda inst: data


def warm_up() -> None:
    """What a long-running process has loaded after its first signature: pyHanko and its crypto
    modules (imported on first use, ~0.4 s once per process)."""
    import pyhanko.pdf_utils.incremental_writer  # noqa: F401
    import pyhanko.sign.signers  # noqa: F401


def worker(ready_file: str) -> None:
    """A worker process: warm up with one draft render, say so, then run the real db_worker loop."""
    import django

    django.setup()
    fixed_results()
    from django.core.management import call_command

    from certificates import content
    from certificates.models import Report

    warm_up()
    content.render_report(Report.objects.order_by("pk").first(), draft=True)
    Path(ready_file).write_text("ready")
    call_command("db_worker", interval=0.05, reload=False, queue_name="*", startup_delay=False)


def fresh_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def prepare(count: int):
    """Accounts, keys and `count` numbered reports waiting for the head's signature."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accounts.seed import seed_accounts
    from catalog.seed import seed_catalog
    from certificates.demo import ensure_demo_keys
    from certificates.models import Report
    from demo import road as demo
    from orders.models import Order
    from workflow.states import OrderState

    seed_catalog()
    users = seed_accounts()
    ensure_demo_keys()
    head, reports = users["kepala_balai"], []
    for start in range(0, count, PER_ORDER):
        order = demo.drive(users, demo.new_order(users, "pelanggan", demo.demo_lines(count_mass=1, count_temp=0)),
                           "IN_LAB")
        Order.objects.filter(pk=order.pk).update(state=OrderState.AWAITING_SIGNATURE, signer=head)
        instrument = order.instruments.first()
        for n in range(start, min(start + PER_ORDER, count)):
            reports.append(Report.objects.create(order=order, instrument=instrument, numbered_by=users["ketua_pji"],
                                                 number=f"{n + 1:04d}/LHU/BENCH/XI/2026"))
    return head, reports


def page_count(pdf: bytes) -> int:
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="reports in the batch")
    parser.add_argument("-w", "--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # internal: run as a worker process
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.worker:
        worker(args.worker)
        return 0

    env = environment(args.workers)
    os.environ.update(env)
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    fresh_database()
    print(f"preparing {args.n} reports…", flush=True)
    head, reports = prepare(args.n)

    from django.db import connection

    connection.close()
    processes, ready = [], []
    for i in range(args.workers):
        marker = VAR / f"worker-{i}.ready"
        ready.append(marker)
        processes.append(subprocess.Popen([sys.executable, __file__, "--worker", str(marker)], cwd=ROOT, env=env))
    try:
        deadline = time.monotonic() + 120
        while not all(m.exists() for m in ready):
            if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
                print("a worker did not start", file=sys.stderr)
                return 2
            time.sleep(0.1)

        from certificates import batch as batches
        from certificates import services
        from certificates.demo import DEMO_PASSPHRASE
        from certificates.models import BatchStatus, ItemStatus, SigningBatch

        warm_up()  # the web process that takes the head's click has signed before
        started = time.perf_counter()
        batch = batches.start_batch(head, [r.pk for r in reports], DEMO_PASSPHRASE)
        while not SigningBatch.objects.filter(pk=batch.pk, status__in=(BatchStatus.DONE, BatchStatus.FAILED)).exists():
            if time.perf_counter() - started > 600:
                print("the batch did not finish in 10 minutes", file=sys.stderr)
                return 2
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)

    batch.refresh_from_db()
    signed = batch.items.filter(status=ItemStatus.SIGNED).count()
    failed = list(batch.items.filter(status=ItemStatus.FAILED).values_list("reason", flat=True)[:3])
    first = batch.items.filter(status=ItemStatus.SIGNED).select_related("report").first()
    pages = page_count(services.signed_content(first.report)) if first else 0
    per_report = elapsed / args.n
    print(f"reports in the batch : {args.n} ({signed} signed, {len(failed)} failed{': ' + failed[0] if failed else ''})")
    print(f"worker processes     : {args.workers} (SIGNING_PARALLEL={args.workers}); cores: {os.cpu_count()}")
    print(f"pages per report     : {pages}")
    print(f"batch wall time      : {elapsed:.2f} s (start_batch until the batch is closed)")
    print(f"per report           : {per_report:.3f} s (target < 0.300 s: {'met' if per_report < 0.3 else 'NOT met'})")
    print(f"load average         : {' '.join(f'{x:.1f}' for x in os.getloadavg())} (1, 5, 15 min)")
    return 0 if signed == args.n and per_report < 0.3 else 1


if __name__ == "__main__":
    sys.exit(main())
