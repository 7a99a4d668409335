import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.portable import PortableError, export_portable


class Command(BaseCommand):
    help = ("Writes every row as engine-neutral JSON lines (gzip), by primary key in dependency order, for "
            "moving an installation to another database engine (import it with import_portable). Files "
            "under MEDIA_ROOT and SIGNING_KEY_DIR are not included: copy them as they are.")

    def add_arguments(self, parser):
        parser.add_argument("output", help="the file to write, e.g. sippt.jsonl.gz")

    def handle(self, *args, output, **options):
        started = time.monotonic()
        try:
            counts = export_portable(Path(output))
        except PortableError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Exported {sum(counts.values())} rows of {len(counts)} models to {output} "
            f"in {time.monotonic() - started:.1f} s"))
