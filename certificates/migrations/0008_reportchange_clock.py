"""Report changes keep the SOP engine's clock: when each entered its status, and its due time.
Existing ones get the time they entered their status from what they recorded: asked (REQUESTED), decided
(APPROVED, REJECTED, a revocation DONE), the replacement signed (a correction DONE). No row of a report
change has a norm, so due_at stays empty."""
import django.utils.timezone
from django.db import migrations, models


def backfill(apps, schema_editor):
    ReportChange = apps.get_model("certificates", "ReportChange")
    changed = []
    for change in ReportChange.objects.select_related("new_report").iterator(chunk_size=500):
        entered = change.requested_at
        if change.status in ("APPROVED", "REJECTED", "DONE") and change.decided_at:
            entered = change.decided_at
        if change.status == "DONE" and change.new_report_id and change.new_report.signed_at:
            entered = change.new_report.signed_at
        change.state_entered_at = entered
        changed.append(change)
    ReportChange.objects.bulk_update(changed, ["state_entered_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0007_report_revision")]

    operations = [
        migrations.AddField(model_name="reportchange", name="state_entered_at",
                            field=models.DateTimeField(default=django.utils.timezone.now)),
        migrations.AddField(model_name="reportchange", name="due_at",
                            field=models.DateTimeField(blank=True, null=True)),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
