from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0003_remove_notification_email_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingmail",
            name="html_body",
            field=models.TextField(blank=True, verbose_name="isi HTML"),
        ),
    ]
