from django.core.management.base import BaseCommand, CommandError

from operations.invariants import all_violations


class Command(BaseCommand):
    help = ("Checks the data's invariants: every paid order has exactly one payment, every issued report "
            "number is unique, every order's and instrument's state matches its audit trail. "
            "Exits non-zero listing the violations.")

    def handle(self, *args, **options):
        problems = all_violations()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} invariant violation(s)")
        self.stdout.write(self.style.SUCCESS("All invariants hold."))
