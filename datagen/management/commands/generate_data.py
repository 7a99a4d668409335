from django.core.management.base import BaseCommand, CommandError

from datagen.generate import generate
from workflow.states import OrderState


class Command(BaseCommand):
    help = ("Adds a realistic data set of N orders spread over every state (instruments, results, billings, "
            "payments, reports, surveys, audit trail) straight into the database, for load tests. "
            "Run it while nobody uses the installation.")

    def add_arguments(self, parser):
        parser.add_argument("--orders", type=int, default=100_000, help="how many orders (default 100 000)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument("--years", type=float, default=2.0, help="period the finished orders spread over")
        parser.add_argument("--only-state", action="append", default=[], choices=OrderState.values,
                            help="make only orders ending in this state (repeatable)")
        parser.add_argument("--units", type=int, default=1,
                            help="spread the orders over this many units in turn (default 1: the installation's "
                                 "unit); units missing are made with a laboratory and staff (datagen/units.py)")

    def handle(self, *args, orders, seed, years, only_state, units, **options):
        if orders < 1:
            raise CommandError("--orders must be at least 1")
        try:
            written = generate(orders, seed=seed, years=years, log=self.stdout.write, only_states=only_state,
                               units=units)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for label, count in sorted(written.items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Generated {orders} orders."))
