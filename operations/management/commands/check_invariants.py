from django.core.management.base import BaseCommand, CommandError

from operations.invariants import all_violations


class Command(BaseCommand):
    help = ("Checks the data's invariants: every paid order has exactly one payment, every issued report "
            "number is unique, every order's and instrument's state matches its audit trail, every open "
            "item's stored due time is its step's deadline on the office calendar, and recent transitions "
            "store the office minutes their step took. Exits non-zero listing the violations.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="check the stored step durations of this many days back (default 30)")

    def handle(self, *args, days=None, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1")
        problems = all_violations(duration_days=days)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} invariant violation(s)")
        self.stdout.write(self.style.SUCCESS("All invariants hold."))
