"""An installation of one Balai becomes one unit: the unit is made from the installation's settings as they
are when the migration runs (BALAI_NAME, BALAI_SHORT, BALAI_ADDRESS, BALAI_SATKER_CODE, TIME_ZONE,
OFFICE_START/END/WEEKDAYS, NUMBER_FORMATS, REPORT_LOGO, REPORT_ACCREDITATION_NUMBER); a fresh installation
gets the same unit. Every laboratory, order and staff role belongs to it, and every counter is its series,
so that the next number continues where the installation stopped. Calendar exceptions stay blank (every
unit), as they applied to the whole installation. Nothing else changes: no number, no file."""
from django.db import migrations


def one_unit(apps, schema_editor):
    from units.current import ensure_unit

    db = schema_editor.connection.alias
    Unit = apps.get_model("units", "Unit")
    unit = ensure_unit(Unit) if db == "default" else Unit.objects.using(db).order_by("pk").first()
    if unit is None:
        return
    apps.get_model("catalog", "Laboratory").objects.using(db).filter(unit__isnull=True).update(unit=unit)
    apps.get_model("orders", "Order").objects.using(db).filter(unit__isnull=True).update(unit=unit)
    apps.get_model("accounts", "UserRole").objects.using(db).filter(unit__isnull=True).exclude(
        role__in=["PELANGGAN", "ADMIN_PUSAT", "PIMPINAN"]).update(unit=unit)
    apps.get_model("core", "Counter").objects.using(db).filter(unit_code="").update(unit_code=unit.code)


def back(apps, schema_editor):
    """Going back keeps the rows; the columns go with the migrations that added them."""


class Migration(migrations.Migration):

    dependencies = [
        ("units", "0001_initial"),
        ("core", "0002_counter_unit_code"),
        ("accounts", "0007_userrole_unit"),
        ("catalog", "0008_laboratory_unit"),
        ("orders", "0010_order_unit"),
        ("workflow", "0005_calendarexception_unit"),
    ]

    operations = [migrations.RunPython(one_unit, back)]
