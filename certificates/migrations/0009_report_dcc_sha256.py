"""The SHA-256 of each report's kept DCC (Report.dcc_sha256, indexed), so the verify page and POST /api/verify
find an uploaded DCC XML by its digest, as they find a PDF; filled in for the DCCs already kept."""
import hashlib

from django.db import migrations, models


def fill(apps, schema_editor):
    Report = apps.get_model("certificates", "Report")
    for report in Report.objects.exclude(dcc_xml="").filter(dcc_sha256="").only("pk", "dcc_xml").iterator():
        try:
            with report.dcc_xml.open("rb") as fh:
                digest = hashlib.sha256(fh.read()).hexdigest()
        except OSError:
            continue  # a missing file: the download already refuses it; nothing to look up
        Report.objects.filter(pk=report.pk).update(dcc_sha256=digest)


class Migration(migrations.Migration):

    dependencies = [
        ("certificates", "0008_reportchange_clock"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="dcc_sha256",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
