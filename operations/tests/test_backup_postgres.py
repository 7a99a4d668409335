"""On PostgreSQL the backup is `pg_dump --format=custom` and the restore `pg_restore`: restored into a
fresh database (created and dropped here, so the test database stays as it is), every table holds the
same rows, byte for byte, and every file comes back with its checksum."""

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from hardening.tests.test_concurrency import need_postgresql  # noqa: F401 -- the fixture skips on SQLite
from operations.archive import restore_backup
from operations.portable import portable_models
from operations.tests.test_backup_restore import (  # noqa: F401
    archive_manifest,
    file_hashes,
    own_dirs,
    wipe,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture
def spare_database(need_postgresql):  # noqa: F811
    name = connection.settings_dict["NAME"] + "_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def table_fingerprints(database_name: str) -> dict[str, tuple[int, str]]:
    """Row count and an MD5 over every row's text, per table of the moved models."""
    params = connection.settings_dict
    with psycopg.connect(dbname=database_name, host=params["HOST"] or None, port=params["PORT"] or None,
                         user=params["USER"] or None, password=params["PASSWORD"] or None) as db:
        found = {}
        for model in portable_models():
            table = model._meta.db_table
            found[table] = db.execute(
                f'SELECT count(*), md5(coalesce(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) FROM "{table}" t'
            ).fetchone()
        return found


@pytest.mark.django_db(transaction=True)
def test_pg_dump_backup_restores_into_a_fresh_database_with_identical_rows_and_files(
        users, order_at, own_dirs, spare_database, tmp_path):  # noqa: F811
    from certificates.demo import ensure_demo_keys

    ensure_demo_keys()
    for milestone in (None, "AWAITING_PAYMENT", "PAID", "SIGNED"):
        order_at(milestone)
    before_rows = table_fingerprints(connection.settings_dict["NAME"])
    before_files = file_hashes(*own_dirs)
    assert before_rows["orders_order"][0] == 4 and any(name.startswith("keys/") for name in before_files)

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    manifest = archive_manifest(archive)
    assert manifest["database_vendor"] == "postgresql" and manifest["database_format"] == "pg_dump-custom"
    wipe(*own_dirs)

    restore_backup(archive, database_name=spare_database)
    assert table_fingerprints(spare_database) == before_rows
    assert file_hashes(*own_dirs) == before_files
