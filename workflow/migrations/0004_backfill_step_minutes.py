from django.db import migrations


def backfill(apps, schema_editor):
    """The office minutes of every step already taken, as the engine now stores them (workflow.durations)."""
    from workflow.durations import backfill_office_minutes

    backfill_office_minutes(apps.get_model("workflow", "AuditEntry"))


class Migration(migrations.Migration):

    dependencies = [
        ("workflow", "0003_audit_subject_object_and_step_minutes"),
        ("orders", "0006_due_at"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
