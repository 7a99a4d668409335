import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.portable import PortableError, import_portable


class Command(BaseCommand):
    help = ("Loads a file made by export_portable into this empty, migrated installation (any database "
            "engine), in one transaction: all rows or none.")

    def add_arguments(self, parser):
        parser.add_argument("source")

    def handle(self, *args, source, **options):
        started = time.monotonic()
        try:
            counts = import_portable(Path(source))
        except PortableError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Imported {sum(counts.values())} rows of {len(counts)} models from {source} "
            f"in {time.monotonic() - started:.1f} s"))
