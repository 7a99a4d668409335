from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("complaints", "0003_history_into_audit_entries"),
    ]

    operations = [
        migrations.DeleteModel(name="ComplaintEntry"),
    ]
