"""A customer company gets a home unit: the unit whose admin activates its accounts (SOP step 3). Every
existing company is the installation's default unit's (the active unit made first, the one migration
units/0002 built from the settings): they registered with the only Balai there was."""
import django.db.models.deletion
from django.db import migrations, models


def home_is_the_default_unit(apps, schema_editor):
    db = schema_editor.connection.alias
    Unit = apps.get_model("units", "Unit")
    unit = (Unit.objects.using(db).filter(is_active=True).order_by("pk").first()
            or Unit.objects.using(db).order_by("pk").first())
    if unit is not None:
        apps.get_model("accounts", "Company").objects.using(db).filter(home_unit__isnull=True).update(home_unit=unit)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_userrole_unit'),
        ('units', '0002_one_unit_from_settings'),
    ]

    operations = [
        migrations.AddField(
            model_name='company',
            name='home_unit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='home_companies', to='units.unit', verbose_name='unit asal'),
        ),
        migrations.RunPython(home_is_the_default_unit, migrations.RunPython.noop),
    ]
