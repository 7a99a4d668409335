from django.db import migrations

INDEX = "workflow_audit_step_minutes"


def create(apps, schema_editor):
    """PostgreSQL: the dashboard's SLA per step reads (code, time, minutes) of a period from this index
    alone (an index-only scan); other databases read the table."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON workflow_auditentry (code, at) "
                              f"INCLUDE (office_minutes, instrument_id) WHERE office_minutes IS NOT NULL")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [("workflow", "0005_calendarexception_unit")]

    operations = [migrations.RunPython(create, drop)]
