"""The periodic jobs, run by one process on one node (deploy/systemd/sippt-scheduler.service): they run
the installation, like backup, restore and the invariant check beside them."""
import time

from django.core.management.base import BaseCommand

from billing.payments import poll_unpaid_billings
from billing.push_guard import prune_refused_counts
from billing.services import expire_billings
from notifications.tasks import retry_failed_emails
from orders.registry import send_due_reminders


class Command(BaseCommand):
    help = "Runs the periodic jobs: polling and expiring unpaid e-billings, retrying failed emails."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--interval", type=int, default=60)

    def handle(self, *args, **options):
        archived_on = None
        while True:
            polled = poll_unpaid_billings()  # does nothing with the built-in gateway
            expired = expire_billings()
            prune_refused_counts()  # counters of pushes from addresses that may not push, after 30 days
            retried = retry_failed_emails()
            reminded = send_due_reminders()  # customers' instruments due soon: one reminder per due date
            if reminded:
                self.stdout.write(f"calibration reminders sent: {reminded}")
            if polled or expired or retried:
                self.stdout.write(f"billings paid by poll: {polled}; expired: {expired}; emails retried: {retried}")
            archived_on = self.archive_timestamps(archived_on)
            if options["once"]:
                return
            time.sleep(options["interval"])

    def archive_timestamps(self, archived_on):
        """Once a day: archival document timestamps for signed E-LHUs whose last TSA certificate expires
        within ARCHIVE_TIMESTAMP_DAYS (certificates.archive; the signed PDFs are kept, each renewal is a
        new revision). Returns the day it last ran."""
        from django.conf import settings
        from django.utils import timezone

        from certificates.archive import archive_due

        today = timezone.localdate()
        if archived_on == today:
            return archived_on
        run = archive_due(settings.ARCHIVE_TIMESTAMP_DAYS)
        if run.renewed or run.failed:
            self.stdout.write(f"archival timestamps added: {len(run.renewed)}; failed: {len(run.failed)}")
        return today
