import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0005_tariff_regulations'),
    ]

    operations = [
        migrations.AlterField(
            model_name='tariff',
            name='regulation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='tariffs', to='catalog.regulation', verbose_name='dasar hukum'),
        ),
        migrations.RemoveField(
            model_name='tariff',
            name='legal_basis',
        ),
    ]
