"""One-file backups: the database as portable JSON (`dumpdata --natural-foreign`), every file under
MEDIA_ROOT and SIGNING_KEY_DIR, and a manifest with the SHA-256 of each member. `restore` checks
every checksum before it touches anything, then loads the data and puts the files back.

Archive layout (tar.gz):
    manifest.json        {"format": 1, "created_at", "database_vendor", "members": {name: sha256}}
    database.json        dumpdata of every app but the excluded models below
    media/<path>         the files under MEDIA_ROOT
    keys/<path>          the files under SIGNING_KEY_DIR
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
# Rows that are rebuilt by `migrate` (content types, permissions) or that are short-lived bookkeeping
# (sessions, login-lockout records, the background-task queue): not part of a backup.
EXCLUDED_MODELS = ["contenttypes", "auth.permission", "sessions", "axes", "django_tasks_db",
                   "admin.logentry"]


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why."""


def _roots() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "keys": Path(settings.SIGNING_KEY_DIR)}


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _files_under(root: Path):
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def excluded_models() -> list[str]:
    from django.apps import apps

    present = {config.label for config in apps.get_app_configs()}
    return [name for name in EXCLUDED_MODELS if name.split(".")[0] in present]


def make_backup(output: Path) -> dict:
    """Write the archive to `output`; returns the manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sippt-backup-") as tmp:
        dump = Path(tmp) / DATABASE
        outermost = not connection.in_atomic_block
        with transaction.atomic():  # one consistent view of the data (a snapshot on PostgreSQL)
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            call_command("dumpdata", natural_foreign=True, exclude=excluded_models(), output=str(dump),
                         verbosity=0)
        members = {DATABASE: (dump, _sha256_file(dump))}
        for prefix, root in _roots().items():
            for path in _files_under(root):
                name = f"{prefix}/{path.relative_to(root).as_posix()}"
                members[name] = (path, _sha256_file(path))
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "members": {name: digest for name, (_path, digest) in members.items()},
        }
        partial = output.with_name(output.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
            for name, (path, _digest) in members.items():
                tar.add(path, arcname=name, recursive=False)
        os.replace(partial, output)
    return manifest


def _safe_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not PurePosixPath(name).is_absolute() and ".." not in parts


def verify_archive(path: Path) -> dict:
    """Check the manifest against every member; returns the manifest or raises BackupError."""
    try:
        tar = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(_("Berkas %(f)s bukan arsip cadangan yang dapat dibaca: %(e)s") % {"f": path, "e": exc}) \
            from None
    with tar:
        try:
            manifest = json.load(tar.extractfile(MANIFEST))
        except (KeyError, ValueError, TypeError, tarfile.TarError):
            raise BackupError(_("Arsip tidak memiliki manifest yang dapat dibaca.")) from None
        expected = manifest.get("members") if isinstance(manifest, dict) else None
        if manifest.get("format") != FORMAT or not isinstance(expected, dict) or DATABASE not in expected:
            raise BackupError(_("Manifest arsip tidak dikenal (format %(f)s).") % {"f": manifest.get("format")})
        found = {}
        for member in tar:
            if member.name == MANIFEST:
                continue
            if not member.isfile() or not _safe_name(member.name):
                raise BackupError(_("Arsip berisi entri yang tidak diizinkan: %(n)s") % {"n": member.name})
            digest = hashlib.sha256()
            handle = tar.extractfile(member)
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
            found[member.name] = digest.hexdigest()
    problems = [name for name in expected if found.get(name) != expected[name]]
    problems += [name for name in found if name not in expected]
    if problems:
        raise BackupError(_("Arsip rusak atau telah diubah: checksum tidak cocok untuk %(n)s. Pemulihan dibatalkan.")
                          % {"n": ", ".join(sorted(problems)[:10])})
    return manifest


def _installation_is_empty() -> bool:
    from accounts.models import User
    from orders.models import Order

    return not User.objects.exists() and not Order.objects.exists()


def restore_backup(path: Path) -> dict:
    """Verify the archive, then load its data and files into this (empty, migrated) installation."""
    manifest = verify_archive(path)
    if not _installation_is_empty():
        raise BackupError(_("Instalasi ini sudah berisi data. Pulihkan hanya ke instalasi kosong "
                            "(basis data baru yang sudah di-migrate)."))
    roots = _roots()
    with tempfile.TemporaryDirectory(prefix="sippt-restore-") as tmp, tarfile.open(path, "r:gz") as tar:
        dump = Path(tmp) / DATABASE
        with open(dump, "wb") as out:
            out.write(tar.extractfile(DATABASE).read())
        with transaction.atomic():
            call_command("loaddata", str(dump), verbosity=0)
        for member in tar:
            prefix, _sep, rest = member.name.partition("/")
            if member.name in (MANIFEST, DATABASE) or prefix not in roots or not rest:
                continue
            target = roots[prefix].joinpath(*PurePosixPath(rest).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as out:
                handle = tar.extractfile(member)
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    out.write(chunk)
            if prefix == "keys":
                target.chmod(0o600)
    return manifest
