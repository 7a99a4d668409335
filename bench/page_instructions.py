"""Benchmark (not a test): instructions executed per request of each main page, counted by callgrind.

CPU milliseconds on a shared 2-core machine move with whatever else runs (caches, the other core); the
instruction count of the same request does not, so a change can be compared before and after on a busy
machine. Run it under valgrind (the count starts after Django is set up and each page is warm):

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=var/bench/cg.out \\
        .venv/bin/python bench/page_instructions.py -n 3 [--only "order page"]

About 6.5-7 million instructions were one millisecond of CPU here on a quiet machine (bench/RESULTS.md).
"""
from __future__ import annotations

import argparse
import glob
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, session_for, setup_django  # noqa: E402


def _dump_total(pid: str) -> int:
    """Dump callgrind's counters now and return the instructions counted since they were zeroed."""
    before = set(glob.glob(str(OUT / "cg.out*")))
    subprocess.run(["callgrind_control", "-d", pid], capture_output=True, check=True)
    dumped = sorted(set(glob.glob(str(OUT / "cg.out*"))) - before, key=os.path.getmtime)[-1]
    text = Path(dumped).read_text()
    os.unlink(dumped)
    return int(re.search(r"^(?:totals|summary):\s*(\d+)", text, re.M).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=3, help="measured requests per page (after three warm-ups)")
    parser.add_argument("--only", default="", help="measure only pages whose label contains this")
    parser.add_argument("--page-cache", action="store_true",
                        help="answer repeats from the page kept for the session (core/page_cache.py); "
                             "by default every request renders its page")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.test import Client

    from accounts.models import User
    from wrk_pages import pages

    settings.ALLOWED_HOSTS.append("testserver")
    if not args.page_cache:
        settings.PAGE_CACHE_SECONDS = 0
    pid = str(os.getpid())
    rows = [("healthz (anonymous)", None, "/healthz"), ("healthz (with a session)", "pelanggan", "/healthz"),
            ("service standard page (customer, base.html only)", "pelanggan", "/standar-pelayanan/"), *pages()]
    print("| page | M instructions per request |")
    print("|---|---|")
    for label, username, path in rows:
        if args.only and args.only not in label:
            continue
        client = Client()
        if username:
            client.cookies["sessionid"] = session_for(User.objects.get(username=username))
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        subprocess.run(["callgrind_control", "-i", "on", pid], capture_output=True, check=True)
        subprocess.run(["callgrind_control", "-z", pid], capture_output=True, check=True)
        for _ in range(args.n):
            client.get(path)
        total = _dump_total(pid)
        subprocess.run(["callgrind_control", "-i", "off", pid], capture_output=True, check=True)
        print(f"| {label} | {total / args.n / 1e6:.1f} |", flush=True)


if __name__ == "__main__":
    main()
