from django.db import migrations


class Migration(migrations.Migration):
    """The email state of a notification now lives in its OutgoingMail (separate from 0002 so the data
    copy and the column removal run in different transactions on PostgreSQL)."""

    dependencies = [
        ("notifications", "0002_outgoing_mail_and_email_preferences"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='notification',
            name='email_attempts',
        ),
        migrations.RemoveField(
            model_name='notification',
            name='email_error',
        ),
        migrations.RemoveField(
            model_name='notification',
            name='email_sent_at',
        ),
    ]
