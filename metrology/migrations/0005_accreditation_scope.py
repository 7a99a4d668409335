from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0007_parameter_english_names'),
        ('metrology', '0004_component_english_names'),
    ]

    operations = [
        migrations.CreateModel(
            name='AccreditationScope',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('parameter', models.CharField(blank=True, help_text='Kosongkan bila berlaku untuk semua parameter metode ini.', max_length=100, verbose_name='parameter')),
                ('range_min', models.DecimalField(blank=True, decimal_places=6, help_text='Kosong = tanpa batas bawah.', max_digits=18, null=True, verbose_name='rentang dari')),
                ('range_max', models.DecimalField(blank=True, decimal_places=6, help_text='Kosong = tanpa batas atas.', max_digits=18, null=True, verbose_name='rentang sampai')),
                ('unit', models.CharField(max_length=20, verbose_name='satuan')),
                ('kan_number', models.CharField(max_length=60, verbose_name='nomor akreditasi KAN')),
                ('laboratory', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalog.laboratory', verbose_name='laboratorium')),
                ('method', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scopes', to='metrology.calibrationmethod', verbose_name='metode')),
            ],
            options={
                'verbose_name': 'ruang lingkup akreditasi',
                'verbose_name_plural': 'ruang lingkup akreditasi',
                'ordering': ['laboratory', 'method', 'parameter', 'range_min'],
            },
        ),
    ]
