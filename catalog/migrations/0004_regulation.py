import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0003_english_names'),
    ]

    operations = [
        migrations.CreateModel(
            name='Regulation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(help_text="Mis. 'PP 54/2021'.", max_length=60, unique=True, verbose_name='nomor')),
                ('title', models.CharField(max_length=300, verbose_name='judul')),
                ('in_force_from', models.DateField(verbose_name='berlaku mulai')),
                ('in_force_until', models.DateField(blank=True, help_text='Kosongkan selama peraturan masih berlaku.', null=True, verbose_name='berlaku sampai')),
                ('superseded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='supersedes', to='catalog.regulation', verbose_name='digantikan oleh')),
            ],
            options={
                'verbose_name': 'peraturan tarif',
                'verbose_name_plural': 'peraturan tarif',
                'ordering': ['-in_force_from'],
                'constraints': [models.CheckConstraint(condition=models.Q(('in_force_until__isnull', True), ('in_force_until__gte', models.F('in_force_from')), _connector='OR'), name='regulation_period_ordered')],
            },
        ),
        migrations.AddField(
            model_name='tariff',
            name='regulation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tariffs', to='catalog.regulation', verbose_name='dasar hukum'),
        ),
    ]
