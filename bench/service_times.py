"""Benchmark (not a test): server time of creating an order with 10 instruments and of transitions,
timed around the service calls the views make, on the benchmark database (100 000 orders).

    .venv/bin/python bench/service_times.py -n 30

Each round: save_draft with 10 instrument lines (what the order form's POST does), then the
transitions submit (customer), validate (CS, takes an order number under lock) and approve_tariff
(Ketua Tim PJI), each in its own transaction as the views run them. Prints median, p95 and max per
operation. Targets: creation < 50 ms, a transition < 20 ms. The orders made stay in the database.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import setup_django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="rounds (after 3 warm-up rounds)")
    args = parser.parse_args()
    setup_django()
    from accounts.models import User
    from catalog.models import InstrumentType
    from orders import services
    from orders.models import Order
    from orders.services import InstrumentLine

    customer, cs, head = (User.objects.get(username=u) for u in ("pelanggan", "cs", "ketua_pji"))
    types = [t for t in InstrumentType.objects.filter(active=True) if t.current_tariff()][:5]
    times: dict[str, list[float]] = {"create order, 10 instruments": [], "submit": [], "validate (numbered)": [],
                                     "approve tariff": []}

    def timed(name, call, record):
        start = time.perf_counter()
        result = call()
        if record:
            times[name].append((time.perf_counter() - start) * 1000)
        return result

    for n in range(args.n + 3):
        record = n >= 3
        lines = [InstrumentLine(types[i % len(types)].pk, "Ohaus", f"BENCH-{time.time_ns()}-{i}", "220 g", units=2)
                 for i in range(10)]
        order = timed("create order, 10 instruments", lambda: services.save_draft(customer, lines, "bench"), record)
        timed("submit", lambda: services.submit_order(customer, order.pk), record)
        timed("validate (numbered)", lambda: services.validate_order(cs, order.pk), record)
        timed("approve tariff", lambda: services.approve_tariff(head, order.pk), record)
    print(f"{Order.objects.count()} orders in the database; {args.n} rounds after 3 warm-up rounds\n")
    print("| operation | median ms | p95 ms | max ms |")
    print("|---|---|---|---|")
    for name, values in times.items():
        values.sort()
        p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
        print(f"| {name} | {statistics.median(values):.1f} | {p95:.1f} | {values[-1]:.1f} |")


if __name__ == "__main__":
    main()
