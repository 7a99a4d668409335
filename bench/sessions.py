"""Makes logged-in sessions for the locust scenario and writes them to var/bench/sessions.json:
{"customers": [session keys of distinct customer accounts], "cs": [...], "ketua_pji": [...], ...}.

    .venv/bin/python bench/sessions.py --customers 150 --per-staff 20
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, STAFF, customers, session_for, setup_django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=150)
    parser.add_argument("--per-staff", type=int, default=20, help="sessions per staff account")
    args = parser.parse_args()
    setup_django()
    from accounts.models import User

    result = {"customers": [session_for(u) for u in customers(args.customers)]}
    for username in STAFF:
        user = User.objects.filter(username=username).first()
        if user is not None:
            result[username] = [session_for(user) for _ in range(args.per_staff)]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "sessions.json").write_text(json.dumps(result))
    print(f"{len(result['customers'])} customer sessions, staff: {', '.join(k for k in result if k != 'customers')}")


if __name__ == "__main__":
    main()
