"""One-file backups: the database copied by its own tool (`pg_dump --format=custom` on PostgreSQL,
SQLite's online backup API on SQLite), every file under MEDIA_ROOT and SIGNING_KEY_DIR, and a manifest
with the SHA-256 of each member. `restore` checks every checksum, and that the archive was made on the
same database engine, before it touches anything; then it loads the data and puts the files back.
Moving an installation between engines (SQLite to PostgreSQL) is `export_portable`/`import_portable`
(operations/portable.py), not this archive.

Archive layout (tar.gz):
    manifest.json        {"format": 2, "created_at", "database_vendor": "postgresql" | "sqlite",
                          "database_format": "pg_dump-custom" | "sqlite3-backup", "database_member",
                          "members": {name: sha256}}
    database.pgdump      PostgreSQL: `pg_dump --format=custom` of the whole database (no session rows)
    database.sqlite3     SQLite: the database file from the online backup API (no session rows)
    media/<path>         the files under MEDIA_ROOT
    keys/<path>          the files under SIGNING_KEY_DIR
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from operations import dbdump

FORMAT = 2
MANIFEST = "manifest.json"


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


def make_backup(output: Path) -> dict:
    """Write the archive to `output`; returns the manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    vendor = dbdump.vendor()
    if vendor not in dbdump.MEMBER:
        raise BackupError(_("Basis data %(v)s tidak didukung untuk cadangan.") % {"v": vendor})
    database_member = dbdump.MEMBER[vendor]
    with tempfile.TemporaryDirectory(prefix="sippt-backup-", dir=output.parent) as tmp:
        dump = Path(tmp) / database_member
        try:
            dbdump.dump_database(dump)
        except dbdump.DumpError as exc:
            raise BackupError(str(exc)) from None
        members = {database_member: (dump, _sha256_file(dump))}
        for prefix, root in _roots().items():
            for path in _files_under(root):
                name = f"{prefix}/{path.relative_to(root).as_posix()}"
                members[name] = (path, _sha256_file(path))
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": vendor,
            "database_format": dbdump.FORMAT_NAME[vendor],
            "database_member": database_member,
            "members": {name: digest for name, (_path, digest) in members.items()},
        }
        partial = output.with_name(output.name + ".part")
        # level 1: the pg_dump member is compressed already; the files are mostly PDFs
        with tarfile.open(partial, "w:gz", compresslevel=1) as tar:
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
        if not isinstance(manifest, dict):
            raise BackupError(_("Arsip tidak memiliki manifest yang dapat dibaca.")) from None
        expected = manifest.get("members")
        database_member = manifest.get("database_member")
        if manifest.get("format") != FORMAT or not isinstance(expected, dict) or database_member not in expected \
                or dbdump.MEMBER.get(manifest.get("database_vendor")) != database_member:
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

    tables = set(connection.introspection.table_names())
    if User._meta.db_table not in tables or Order._meta.db_table not in tables:
        return True  # a new database, not migrated yet
    return not User.objects.exists() and not Order.objects.exists()


def check_engine(manifest: dict) -> None:
    """Refuse an archive made on another database engine: its dump cannot be loaded here."""
    made_on, here = manifest["database_vendor"], dbdump.vendor()
    if made_on != here:
        raise BackupError(_("Arsip ini dibuat dari basis data %(a)s, sedangkan instalasi ini memakai %(b)s. "
                            "Cadangan hanya dapat dipulihkan ke mesin basis data yang sama; untuk pindah "
                            "dari SQLite ke PostgreSQL pakai export_portable lalu import_portable.")
                          % {"a": made_on, "b": here})


def restore_backup(path: Path, database_name: str | None = None) -> dict:
    """Verify the archive (checksums, engine), then load its data and files into this installation, which
    must be empty (a new database, migrated or not). `database_name` restores, on PostgreSQL, into another
    database of the same server instead of the configured one (the files still go to MEDIA_ROOT and
    SIGNING_KEY_DIR)."""
    manifest = verify_archive(path)
    check_engine(manifest)
    if database_name is None and not _installation_is_empty():
        raise BackupError(_("Instalasi ini sudah berisi data. Pulihkan hanya ke instalasi kosong "
                            "(basis data baru yang sudah di-migrate)."))
    roots = _roots()
    database_member = manifest["database_member"]
    with tempfile.TemporaryDirectory(prefix="sippt-restore-") as tmp, tarfile.open(path, "r:gz") as tar:
        dump = Path(tmp) / database_member
        with open(dump, "wb") as out:
            shutil.copyfileobj(tar.extractfile(database_member), out, 1 << 20)
        try:
            dbdump.load_database(dump, database_name)
        except dbdump.DumpError as exc:
            raise BackupError(str(exc)) from None
        for member in tar:
            prefix, _sep, rest = member.name.partition("/")
            if member.name in (MANIFEST, database_member) or prefix not in roots or not rest:
                continue
            target = roots[prefix].joinpath(*PurePosixPath(rest).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as out:
                shutil.copyfileobj(tar.extractfile(member), out, 1 << 20)
            if prefix == "keys":
                target.chmod(0o600)
    return manifest
