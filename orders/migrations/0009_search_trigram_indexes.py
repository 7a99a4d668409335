"""Trigram indexes for the order list's search (a part of an order number or a company name, in any
case: `icontains`), on PostgreSQL only; SQLite has no such index and searches by scanning. They also give
the planner statistics on upper(number), so a search matching half of all orders walks the newest-first
index and stops after a page instead of sorting every match."""
from django.db import migrations

INDEXES = [
    ("order_number_trgm", "orders_order", "number"),
    ("company_name_trgm", "accounts_company", "name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (upper({column}::text) gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_due_at"),
        ("orders", "0008_order_newest_first"),
    ]

    operations = [migrations.RunPython(create, drop)]
