"""The portable export (engine-neutral JSON lines, plain primary keys, dependency order) brings every row
back: exported and re-imported on the engine under test, and exported from a SQLite installation then
imported into PostgreSQL with the same row count in every table."""
import gzip
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from certificates.models import Report
from operations.portable import portable_models
from operations.tests.test_backup_restore import row_counts
from orders.models import Order

pytestmark = pytest.mark.slow


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        found = {}
        for model in portable_models():
            cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')
            found[model._meta.db_table] = cursor.fetchone()[0]
        return found


@pytest.mark.django_db(transaction=True)
def test_portable_export_and_import_bring_back_every_row(users, order_at, tmp_path):
    orders = [order_at(None), order_at("PAID"), order_at("SIGNED")]
    counts, tables = row_counts(), table_counts()
    signed = Order.objects.get(pk=orders[-1].pk)
    report = Report.objects.filter(order=signed).values().first()
    export = tmp_path / "sippt.jsonl.gz"
    call_command("export_portable", str(export), verbosity=0)
    with gzip.open(export, "rt") as lines:
        assert json.loads(next(lines))["format"] == "sippt-portable"

    with pytest.raises(CommandError, match="sudah berisi data"):
        call_command("import_portable", str(export), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("import_portable", str(export), verbosity=0)

    assert row_counts() == counts and table_counts() == tables
    again = Order.objects.get(pk=signed.pk)
    assert (again.number, again.state, again.company_id, again.created_at) == (
        signed.number, signed.state, signed.company_id, signed.created_at)
    assert Report.objects.filter(order=again).values().first() == report
    # the numbering continues after the imported rows
    assert order_at(None).pk > max(order.pk for order in orders)


@pytest.mark.django_db(transaction=True)
def test_a_truncated_portable_export_imports_nothing(users, order_at, tmp_path):
    order_at("PAID")
    export, cut = tmp_path / "full.jsonl.gz", tmp_path / "cut.jsonl.gz"
    call_command("export_portable", str(export), verbosity=0)
    with gzip.open(export, "rt") as whole:
        lines = whole.readlines()
    with gzip.open(cut, "wt") as out:
        out.writelines(lines[: len(lines) // 2])
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="terpotong"):
        call_command("import_portable", str(cut), verbosity=0)
    assert Order.objects.count() == 0


def _manage(database_url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, check=True,
                   capture_output=True, timeout=600)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_sqlite_installation_moves_to_postgresql_with_the_same_row_counts(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("imports into PostgreSQL: run with DATABASE_URL=postgresql://...")
    source = tmp_path / "source.sqlite3"
    export = tmp_path / "sippt.jsonl.gz"
    _manage(f"sqlite:///{source}", "migrate", "--verbosity", "0")
    _manage(f"sqlite:///{source}", "generate_data", "--orders", "60", "--seed", "7")
    _manage(f"sqlite:///{source}", "export_portable", str(export))
    with sqlite3.connect(source) as db:
        in_sqlite = {model._meta.db_table: db.execute(f'SELECT count(*) FROM "{model._meta.db_table}"').fetchone()[0]
                     for model in portable_models()}
    assert in_sqlite["orders_order"] == 60 and in_sqlite["workflow_auditentry"] > 60

    call_command("flush", interactive=False, verbosity=0)
    call_command("import_portable", str(export), verbosity=0)
    assert table_counts() == in_sqlite
    order = Order.objects.select_related("created_by").order_by("pk").last()
    assert order.created_by.email
    with connection.cursor() as cursor:  # sequences continue after the imported keys
        cursor.execute("SELECT nextval(pg_get_serial_sequence('orders_order', 'id'))")
        assert cursor.fetchone()[0] > order.pk
    assert Path(export).stat().st_size > 0
