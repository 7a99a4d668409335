from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from operations.archive import make_backup


class Command(BaseCommand):
    help = ("Writes one archive (tar.gz) holding the database as portable JSON, every file under MEDIA_ROOT "
            "and SIGNING_KEY_DIR, and a manifest with the SHA-256 of each member.")

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="the archive to write (default: var/backups/sippt-<time>.tar.gz)")

    def handle(self, *args, output=None, **options):
        if not output:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            var_dir = Path(getattr(settings, "VAR_DIR", Path(settings.BASE_DIR) / "var"))
            output = var_dir / "backups" / f"sippt-{stamp}.tar.gz"
        manifest = make_backup(Path(output))
        self.stdout.write(self.style.SUCCESS(f"Backup written: {output} ({len(manifest['members'])} members)"))
