"""Each audit entry carries the unit of its order (AuditEntry.unit): a unit's dashboard, audit log and
SLA figures filter the trail by this column instead of joining every entry to its order. Existing entries
take their order's unit; the indexes the SLA figures read gain the unit (PostgreSQL)."""
import django.db.models.deletion
from django.db import migrations, models

COVERING = "workflow_audit_step_minutes"
BY_UNIT = "workflow_audit_unit_step_minutes"


def backfill(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("UPDATE workflow_auditentry a SET unit_id = o.unit_id FROM orders_order o "
                              "WHERE a.order_id = o.id AND o.unit_id IS NOT NULL")
        schema_editor.execute(f"DROP INDEX IF EXISTS {COVERING}")
        schema_editor.execute(f"CREATE INDEX {COVERING} ON workflow_auditentry (code, at) "
                              f"INCLUDE (office_minutes, instrument_id, unit_id) WHERE office_minutes IS NOT NULL")
        schema_editor.execute(f"CREATE INDEX {BY_UNIT} ON workflow_auditentry (unit_id, code, at) "
                              f"INCLUDE (office_minutes, instrument_id) WHERE office_minutes IS NOT NULL")
    else:
        schema_editor.execute("UPDATE workflow_auditentry SET unit_id = (SELECT o.unit_id FROM orders_order o "
                              "WHERE o.id = workflow_auditentry.order_id) WHERE order_id IS NOT NULL")
        schema_editor.execute(f"CREATE INDEX {BY_UNIT} ON workflow_auditentry (unit_id, code, at)")


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {BY_UNIT}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {COVERING}")
        schema_editor.execute(f"CREATE INDEX {COVERING} ON workflow_auditentry (code, at) "
                              f"INCLUDE (office_minutes, instrument_id) WHERE office_minutes IS NOT NULL")


class Migration(migrations.Migration):

    dependencies = [
        ("units", "0002_one_unit_from_settings"),
        ("orders", "0010_order_unit"),
        ("workflow", "0006_step_minutes_covering_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="unit",
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="units.unit"),
        ),
        migrations.RunPython(backfill, drop),
    ]
