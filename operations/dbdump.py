"""The database part of a backup, made and loaded by each database's own tool: `pg_dump --format=custom`
and `pg_restore` on PostgreSQL, SQLite's online backup API on SQLite. Both copy the whole database
(schema, migration state and every row) at the speed of the engine, without a Python object per row."""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _

# member name in the archive, per engine
MEMBER = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
FORMAT_NAME = {"postgresql": "pg_dump-custom", "sqlite": "sqlite3-backup"}
# short-lived bookkeeping that a restored installation must not inherit (sessions; login lockouts)
SKIPPED_TABLE_DATA = ["django_session"]


class DumpError(Exception):
    """The database tool failed or is missing; the message says why."""


def vendor() -> str:
    return connection.vendor


def _pg_params(settings_dict: dict) -> tuple[list[str], dict]:
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if not tool:
        raise DumpError(_("Program %(p)s tidak ditemukan; pasang klien PostgreSQL versi server.") % {"p": name})
    output = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout
    found = re.search(r"(\d+)(?:\.\d+)?", output)
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    if not found or int(found.group(1)) != server_major:
        raise DumpError(_("%(p)s versi %(v)s tidak cocok dengan server PostgreSQL %(s)s; pakai klien versi %(s)s.")
                        % {"p": name, "v": found.group(0) if found else "?", "s": server_major})
    return tool


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DumpError(_("%(p)s gagal (kode %(c)s): %(e)s")
                        % {"p": Path(command[0]).name, "c": result.returncode, "e": result.stderr.strip()[-2000:]})


def dump_database(target: Path) -> None:
    """Write the whole database of the default connection to `target` with the engine's own tool."""
    if connection.vendor == "postgresql":
        params, env = _pg_params(connection.settings_dict)
        command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--compress=6",
                   "--file", str(target), *params]
        for table in SKIPPED_TABLE_DATA:
            command += ["--exclude-table-data", table]
        _run(command + [connection.settings_dict["NAME"]], env)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # a consistent snapshot, page by page
            for table in SKIPPED_TABLE_DATA:
                destination.execute(f'DELETE FROM "{table}"')
            destination.commit()
            destination.execute("VACUUM")
        finally:
            destination.close()
    else:
        raise DumpError(_("Basis data %(v)s tidak didukung untuk cadangan.") % {"v": connection.vendor})


def load_database(source: Path, database_name: str | None = None) -> None:
    """Replace the database of the default connection (or, on PostgreSQL, the database `database_name`
    on the same server) with the dump in `source`."""
    if connection.vendor == "postgresql":
        params, env = _pg_params(connection.settings_dict)
        name = database_name or connection.settings_dict["NAME"]
        connection.close()  # the restore drops and recreates tables this connection may hold open
        _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", "--dbname", name, *params, str(source)], env)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    else:
        raise DumpError(_("Basis data %(v)s tidak didukung untuk cadangan.") % {"v": connection.vendor})
