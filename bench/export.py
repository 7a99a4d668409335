"""Benchmark (not a test): export the order register of N orders to Excel; report time and peak memory.

    .venv/bin/python bench/export.py                      # sippt_bench, which must hold 100 000 orders
    .venv/bin/python bench/export.py --orders 2000 --generate --database-url sqlite:///var/bench/export.sqlite3

The data set is the benchmarks' PostgreSQL database (bench/common.py: sippt_bench, filled by
`manage.py generate_data --orders 100000`, see bench/README.md). With `--generate`, the missing
orders are generated first in a child process (never while another generator or a server uses that
database: the generator chooses primary keys itself). The export then runs in this process through the same code as the
background task (`management.tasks.build_export`), so the peak resident memory reported is that of a
worker: Django loaded plus the export. Memory is also sampled as rows are written, to show it stays
flat. Targets: under 30 s and under 200 MB.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS, TARGET_MB = 30, 200
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/sippt_bench"  # as bench/common.py


def rss_mb() -> float:
    """Current resident memory of this process."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def prepare_environment(args) -> dict:
    var_dir = ROOT / "var" / "bench" / "export"  # the export file lands under var/bench/export/files
    var_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SIPPT_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "sippt.settings",
           "DEBUG": "False", "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-key"),
           "DATABASE_URL": args.database_url or DEFAULT_DATABASE_URL,
           "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "LOG_LEVEL": "WARNING"}
    os.environ.update(env)
    return env


def manage(env, *command) -> None:
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--database-url", default="", help=f"default: {DEFAULT_DATABASE_URL}")
    parser.add_argument("--generate", action="store_true", help="generate the missing orders first")
    parser.add_argument("--keep", action="store_true", help="keep the Export row and its file afterwards")
    args = parser.parse_args()
    env = prepare_environment(args)
    sys.path.insert(0, str(ROOT))

    # Only this app's table (and what it depends on) when the data set is someone else's.
    manage(env, "migrate", "--noinput", "-v", "0", *(() if args.generate else ("management",)))
    import django

    django.setup()
    from accounts.roles import Role
    from accounts.models import User
    from orders.models import Order

    existing = Order.objects.count()
    if existing < args.orders and not args.generate:
        print(f"the database holds {existing} orders, fewer than {args.orders}: fill it with "
              "`manage.py generate_data` (bench/README.md) or pass --generate", file=sys.stderr)
        return 2
    if existing < args.orders:
        print(f"generating {args.orders - existing} orders (database has {existing})…", flush=True)
        started = time.perf_counter()
        manage(env, "generate_data", "--orders", str(args.orders - existing))
        print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)

    from django.db import connection
    from django.utils import timezone

    from management import tasks
    from management.models import Export, ExportStatus
    from management.period import MAX_DAYS

    connection.close()  # the generator wrote in another process: start from a fresh connection
    owner = User.objects.filter(roles__role=Role.KEPALA_BALAI).order_by("pk").first()
    if owner is None:
        print("no head-of-centre account in the data set", file=sys.stderr)
        return 2
    today = timezone.localdate()
    # The widest period the dashboard allows: every generated order (spread over two years) is in it.
    params = {"start": (today - timedelta(days=MAX_DAYS)).isoformat(), "end": today.isoformat()}
    export = Export.objects.create(owner=owner, kind="order_register", format="xlsx", params=params)

    samples: list[tuple[int, float]] = []
    progress = tasks._progress

    def sampling_progress(export_id):
        report = progress(export_id)

        def sample(done):
            samples.append((done, rss_mb()))
            report(done)
        return sample

    tasks._progress = sampling_progress
    baseline = rss_mb()
    started = time.perf_counter()
    tasks.build_export(export)
    elapsed = time.perf_counter() - started
    export.refresh_from_db()
    peak = peak_rss_mb()
    size = Path(export.file.path).stat().st_size / 1024 / 1024

    ok = export.status == ExportStatus.DONE and elapsed < TARGET_SECONDS and peak < TARGET_MB
    vendor = connection.vendor
    print(f"\norders in database : {Order.objects.count()}")
    print(f"rows exported      : {export.done_rows}")
    print(f"database           : {vendor}")
    print(f"time               : {elapsed:.1f} s (target < {TARGET_SECONDS} s)")
    print(f"peak RSS           : {peak:.0f} MB (target < {TARGET_MB} MB; {baseline:.0f} MB before the export)")
    print(f"file               : {size:.1f} MB {export.file.path}")
    if samples:
        marks = [samples[int(f * (len(samples) - 1))] for f in (0, 0.25, 0.5, 0.75, 1)]
        print("RSS while writing  : " + ", ".join(f"{n} rows {mb:.0f} MB" for n, mb in marks))
    print("result             : " + ("within targets" if ok else "OUTSIDE TARGETS"))
    print(f"load average       : {' '.join(f'{x:.1f}' for x in os.getloadavg())} (1, 5, 15 min)")
    if not args.keep:
        export.file.delete(save=False)
        export.delete()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
