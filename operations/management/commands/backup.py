from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from operations.archive import BackupError, make_backup


class Command(BaseCommand):
    help = ("Writes one archive (tar.gz) holding the database copied by its own tool (pg_dump --format=custom "
            "on PostgreSQL, the online backup API on SQLite), every file under MEDIA_ROOT and SIGNING_KEY_DIR, "
            "and a manifest with the SHA-256 of each member. For moving to another database engine use "
            "export_portable.")

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="the archive to write (default: var/backups/sippt-<time>.tar.gz)")

    def handle(self, *args, output=None, **options):
        if not output:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            var_dir = Path(getattr(settings, "VAR_DIR", Path(settings.BASE_DIR) / "var"))
            output = var_dir / "backups" / f"sippt-{stamp}.tar.gz"
        try:
            manifest = make_backup(Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written: {output} ({len(manifest['members'])} members)"))
