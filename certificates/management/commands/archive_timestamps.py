"""manage.py archive_timestamps [--days N] [--all]: renew the proof of signed E-LHUs (PAdES B-LTA)."""
from django.conf import settings
from django.core.management.base import BaseCommand

from certificates.archive import archive_due


class Command(BaseCommand):
    help = ("Adds an archival document timestamp (a new revision of the file; the signed PDF is kept) to every "
            "signed E-LHU whose last document timestamp's TSA certificate expires within --days days.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.ARCHIVE_TIMESTAMP_DAYS,
                            help="renew when the TSA certificate expires within this many days")
        parser.add_argument("--all", action="store_true", help="renew every B-LTA report, due or not")
        parser.add_argument("--limit", type=int, default=None, help="at most this many reports in this run")

    def handle(self, *args, **options):
        run = archive_due(options["days"], everything=options["all"], limit=options["limit"])
        if run.recorded:
            self.stdout.write(f"signed files recorded as revision 0: {run.recorded}")
        for line in run.renewed:
            self.stdout.write(f"archival timestamp added: {line}")
        for line in run.failed:
            self.stderr.write(f"not renewed: {line}")
        self.stdout.write(f"renewed: {len(run.renewed)}; failed: {len(run.failed)}")
        if run.failed:
            raise SystemExit(1)
