from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0006_due_at'),
    ]

    operations = [
        migrations.AddField(
            model_name='instrument',
            name='customer_identification',
            field=models.CharField(blank=True, max_length=100, verbose_name='identifikasi pelanggan'),
        ),
    ]
