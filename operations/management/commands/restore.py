from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.page_cache import new_data_version
from operations.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Restores an archive made by `backup` into an empty installation of the same database engine, "
            "after checking every member against the manifest's SHA-256 (a tampered archive, or one made on "
            "another engine, is refused before anything is touched).")

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        try:
            manifest = restore_backup(Path(archive))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        new_data_version()  # the database's own tool wrote it, past the watch on Django's connections
        self.stdout.write(self.style.SUCCESS(
            f"Restored {archive}: {len(manifest['members'])} members, made {manifest['created_at']}"))
