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

    def handle(self, *args, orders, seed, years, only_state, **options):
        if orders < 1:
            raise CommandError("--orders must be at least 1")
        try:
            written = generate(orders, seed=seed, years=years, log=self.stdout.write, only_states=only_state)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for label, count in sorted(written.items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Generated {orders} orders."))
