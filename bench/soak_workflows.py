"""Soak (not a test): full workflows, draft to COMPLETED, driven through the real services (the same
road as demo.road: validation, billing, payment proof, reception, results, numbering, PDF signing,
survey) by several threads for a fixed time, while bench/locustfile.py loads the web server.

    .venv/bin/python bench/soak_workflows.py --minutes 10 --threads 2

At the end every order it started is checked: COMPLETED, or stopped in a state that matches its audit
trail (order and instruments); errors are listed with the state they stopped in. Then the
invariant check (`manage.py check_invariants`) runs if the project has it.
"""
from __future__ import annotations

import argparse
import random
import sys
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import setup_django  # noqa: E402


def consistent(order) -> list[str]:
    """Problems of `order`: a state that is not where its audit trail ends."""
    from workflow.models import AuditEntry

    problems = []
    last = AuditEntry.objects.filter(order=order, subject="order").exclude(to_state="").order_by("at", "id").last()
    if (last.to_state if last else "DRAFT") != order.state:
        problems.append(f"order {order.pk} is {order.state}, its trail ends at {last and last.to_state}")
    for inst in order.instruments.all():
        last = AuditEntry.objects.filter(instrument=inst).exclude(to_state="").order_by("at", "id").last()
        if (last.to_state if last else "AWAITING_RECEPTION") != inst.state:
            problems.append(f"instrument {inst.pk} is {inst.state}, its trail ends at {last and last.to_state}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command, get_commands
    from django.db import connection
    from django.utils.module_loading import import_string

    from accounts.models import User
    from catalog.models import InstrumentType
    from demo.road import ROAD, demo_thermometer
    from orders.models import Order
    from orders.services import InstrumentLine, save_draft

    users = {u.username: u for u in User.objects.filter(username__in=[
        "pelanggan", "pelanggan2", "cs", "ketua_pji", "bendahara", "penyelia", "penyelia2", "analis", "analis2",
        "mt", "kepala_balai"])}
    balance = InstrumentType.objects.get(name="Neraca analitik")
    thermo = demo_thermometer()
    deadline = time.monotonic() + args.minutes * 60
    started: list[int] = []
    errors: list[tuple[int, str, str]] = []
    durations: list[float] = []
    lock = threading.Lock()

    def worker(number: int):
        rng = random.Random(number)
        try:
            while time.monotonic() < deadline:
                customer = users[rng.choice(["pelanggan", "pelanggan2"])]
                lines = [InstrumentLine(balance.pk, "Mettler Toledo", f"SOAK-{time.time_ns()}-{i}", "220 g",
                                        model="XS205", resolution="0,01 mg", points="50, 100, 200 g")
                         for i in range(rng.randint(1, 2))]
                lines.append(InstrumentLine(thermo.pk, "Fluke", f"SOAK-T{time.time_ns()}", "-30 °C s.d. 150 °C",
                                            model="1523", resolution="0,01 °C", points="0, 50, 100 °C"))
                began = time.monotonic()
                order = save_draft(customer, lines, notes="Soak")
                with lock:
                    started.append(order.pk)
                try:
                    for _name, path in ROAD:
                        import_string(path)(users, order)
                        order.refresh_from_db()
                    with lock:
                        durations.append(time.monotonic() - began)
                except Exception as exc:  # recorded and checked below; the soak goes on
                    order.refresh_from_db()
                    with lock:
                        errors.append((order.pk, order.state, f"{type(exc).__name__}: {exc}"[:300]))
                    traceback.print_exc(limit=3)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    orders = list(Order.objects.filter(pk__in=started))
    states = Counter(o.state for o in orders)
    problems = [p for o in orders for p in consistent(o)]
    print(f"\nWorkflows started: {len(started)}; completed: {states.get('COMPLETED', 0)}; "
          f"states at the end: {dict(states)}")
    if durations:
        durations.sort()
        print(f"Draft to COMPLETED: median {durations[len(durations) // 2]:.1f} s, max {durations[-1]:.1f} s")
    print(f"Stopped with an error: {len(errors)}")
    for pk, state, message in errors[:20]:
        print(f"  order {pk} at {state}: {message}")
    print(f"State/audit-trail mismatches: {len(problems)}")
    for problem in problems[:20]:
        print("  " + problem)
    if "check_invariants" in get_commands():
        print("\nmanage.py check_invariants:")
        try:
            call_command("check_invariants")
        except SystemExit as exc:
            print(f"check_invariants exited with {exc.code}")
        except Exception as exc:
            print(f"check_invariants failed: {type(exc).__name__}: {exc}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
