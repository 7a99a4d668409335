"""Each unit offers a part of the national tariff list (UnitOffering). The installation's unit (units 0002)
offers everything it offers today: every instrument type, calibrated in the type's own laboratory. A
reduction may be limited to one unit; every existing reduction stays valid in all units (blank)."""
import django.db.models.deletion
from django.db import migrations, models


def offer_everything(apps, schema_editor):
    db = schema_editor.connection.alias
    InstrumentType = apps.get_model("catalog", "InstrumentType")
    UnitOffering = apps.get_model("catalog", "UnitOffering")
    first_unit = apps.get_model("units", "Unit").objects.using(db).order_by("pk").first()
    rows = []
    for itype in InstrumentType.objects.using(db).select_related("laboratory").order_by("pk"):
        unit_id = itype.laboratory.unit_id or (first_unit.pk if first_unit else None)
        if unit_id is not None:
            rows.append(UnitOffering(unit_id=unit_id, instrument_type_id=itype.pk, laboratory_id=itype.laboratory_id))
    UnitOffering.objects.using(db).bulk_create(rows, batch_size=500, ignore_conflicts=True)


def back(apps, schema_editor):
    """Going back drops the table with its rows."""


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0008_laboratory_unit'),
        ('units', '0002_one_unit_from_settings'),
    ]

    operations = [
        migrations.AddField(
            model_name='tariffreduction',
            name='unit',
            field=models.ForeignKey(blank=True, help_text='Kosongkan bila keringanan berlaku di semua unit.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tariff_reductions', to='units.unit', verbose_name='unit kerja'),
        ),
        migrations.CreateModel(
            name='UnitOffering',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('instrument_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='offerings', to='catalog.instrumenttype', verbose_name='jenis alat')),
                ('laboratory', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='offerings', to='catalog.laboratory', verbose_name='laboratorium')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='offerings', to='units.unit', verbose_name='unit kerja')),
            ],
            options={
                'verbose_name': 'layanan unit',
                'verbose_name_plural': 'layanan unit',
                'ordering': ['unit', 'instrument_type'],
                'constraints': [models.UniqueConstraint(fields=('unit', 'instrument_type'), name='offering_once_per_unit')],
            },
        ),
        migrations.RunPython(offer_everything, back),
    ]
