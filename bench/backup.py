"""Times backup/restore (the engine's own dump) and the portable export/import on a generated data set.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/sippt_bench_backup .venv/bin/python bench/backup.py

Restores into `<name>_restored` (created fresh, not migrated) and imports the portable export into
`<name>_portable` (created and migrated); both are dropped at the end unless --keep. Files go to a
temporary MEDIA_ROOT/SIGNING_KEY_DIR so the installation's own are not touched. Prints one Markdown row
per step: command, wall seconds, CPU seconds of the child, size of what it wrote, load average."""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent


def psql(sql: str, url) -> None:
    base = urlunparse(url._replace(path="/postgres"))
    subprocess.run(["psql", base, "-qc", sql], check=True)


def counts(url, database: str) -> str:
    query = ("SELECT (SELECT count(*) FROM orders_order), (SELECT count(*) FROM orders_instrument), "
             "(SELECT count(*) FROM workflow_auditentry)")
    target = urlunparse(url._replace(path=f"/{database}"))
    return subprocess.run(["psql", target, "-Atc", query], check=True, capture_output=True,
                          text=True).stdout.strip()


def step(label: str, args: list[str], env: dict, output: Path | None = None) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = Path("/proc/loadavg").read_text().split()[:3]
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    size = f"{output.stat().st_size / 1e6:.1f} MB" if output else ""
    print(f"| `{label}` | {wall:.1f} | {cpu:.1f} | {size} | {' '.join(load)} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--skip-portable", action="store_true")
    parser.add_argument("--portable-only", action="store_true")
    options = parser.parse_args()
    url = urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    with tempfile.TemporaryDirectory(prefix="sippt-bench-backup-") as tmp:
        tmp = Path(tmp)
        env = {**os.environ, "MEDIA_ROOT": str(tmp / "media"), "SIGNING_KEY_DIR": str(tmp / "keys")}
        archive, export = tmp / "backup.tar.gz", tmp / "portable.jsonl.gz"
        print("| step | wall s | CPU s (child) | output | load average before |\n|---|---|---|---|---|")
        restored = f"{name}_restored"
        if not options.portable_only:
            step(f"backup -o ARCHIVE ({name})", ["backup", "-o", str(archive)], env, archive)
            psql(f'DROP DATABASE IF EXISTS "{restored}"', url)
            psql(f'CREATE DATABASE "{restored}"', url)
            restored_env = {**env, "DATABASE_URL": urlunparse(url._replace(path=f"/{restored}"))}
            step(f"restore ARCHIVE (into new {restored})", ["restore", str(archive)], restored_env)
            print(f"orders, instruments, audit entries: {counts(url, name)} in {name}, "
                  f"{counts(url, restored)} restored", flush=True)
        if not options.skip_portable:
            step(f"export_portable FILE ({name})", ["export_portable", str(export)], env, export)
            portable = f"{name}_portable"
            psql(f'DROP DATABASE IF EXISTS "{portable}"', url)
            psql(f'CREATE DATABASE "{portable}"', url)
            portable_env = {**env, "DATABASE_URL": urlunparse(url._replace(path=f"/{portable}"))}
            subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=portable_env, check=True)
            step(f"import_portable FILE (into migrated {portable})", ["import_portable", str(export)], portable_env)
        if not options.keep:
            if not options.portable_only:
                psql(f'DROP DATABASE IF EXISTS "{restored}"', url)
            if not options.skip_portable:
                psql(f'DROP DATABASE IF EXISTS "{portable}"', url)


if __name__ == "__main__":
    main()
