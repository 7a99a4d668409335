import time

from django.core.management.base import BaseCommand

from billing.services import expire_billings
from notifications.tasks import retry_failed_emails


class Command(BaseCommand):
    help = "Runs the periodic jobs: expiring unpaid e-billings, retrying failed emails."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--interval", type=int, default=60)

    def handle(self, *args, **options):
        while True:
            expired = expire_billings()
            retried = retry_failed_emails()
            if expired or retried:
                self.stdout.write(f"expired billings: {expired}; emails retried: {retried}")
            if options["once"]:
                return
            time.sleep(options["interval"])
