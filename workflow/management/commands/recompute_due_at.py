from django.core.management.base import BaseCommand

from workflow.clock import recompute_all
from workflow.worktime import PROCESS_CALENDAR


class Command(BaseCommand):
    help = ("Writes the due time of every open item (orders, instruments, and every other subject with a "
            "clock) again on the office calendar as it is now, e.g. after holidays were changed while the "
            "task queue was down. Safe to run at any time; prints how many due times moved.")

    def handle(self, *args, **options):
        PROCESS_CALENDAR.new_request()  # the calendar as the database holds it now
        moved = recompute_all()
        for name, count in moved.items():
            self.stdout.write(f"  {name}: {count}")
        self.stdout.write(self.style.SUCCESS(f"{sum(moved.values())} due time(s) moved."))
