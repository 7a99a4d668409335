"""Benchmark aid (not a test): where a main page's time goes, by cProfile, every request rendered.

    .venv/bin/python bench/page_profile.py --only "inbox MT" -n 20 [--sort tottime] [--top 40]

Prints the functions with the most own time (or cumulative time) over n warm requests of each page chosen.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import session_for, setup_django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("--only", required=True, help="pages whose label contains this")
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--by-file", action="store_true", help="own time summed per source file")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.test import Client

    from accounts.models import User
    from wrk_pages import pages

    settings.ALLOWED_HOSTS.append("testserver")
    settings.PAGE_CACHE_SECONDS = 0
    rows = [("service standard page (customer, base.html only)", "pelanggan", "/standar-pelayanan/"), *pages()]
    for label, username, path in rows:
        if args.only not in label:
            continue
        client = Client()
        client.cookies["sessionid"] = session_for(User.objects.get(username=username))
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.n):
            client.get(path)
        profile.disable()
        print(f"## {label} ({path}), {args.n} requests")
        stats = pstats.Stats(profile)
        if args.by_file:
            per_file: dict[str, float] = {}
            for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
                short = "/".join(filename.split("/")[-2:])
                per_file[short] = per_file.get(short, 0.0) + tottime
            total = sum(per_file.values())
            for short, seconds in sorted(per_file.items(), key=lambda kv: -kv[1])[:args.top]:
                print(f"{seconds / args.n * 1000:7.2f} ms {seconds / total:6.1%}  {short}")
        else:
            stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
