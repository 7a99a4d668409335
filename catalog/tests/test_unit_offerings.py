"""What each unit offers: the installation's unit offers every instrument type it offered before (the
migration's rule, which a new type follows too), and the tariff import's column “Unit” assigns a type to
other units with their own laboratory, refusing an unknown unit or a laboratory of another unit."""
import pytest
from django.core.exceptions import ValidationError

from catalog import tariff_import
from catalog.models import InstrumentType, UnitOffering
from catalog.tests.test_tariffs import HEADER, balance_row, sheet
from orders.tests.test_units import makassar
from units.current import default_unit


@pytest.mark.django_db
def test_every_type_is_offered_by_the_unit_of_its_laboratory(users):
    types = InstrumentType.objects.all()
    assert types.count() > 5
    assert UnitOffering.objects.filter(unit=default_unit()).count() == types.count()
    assert all(o.laboratory == o.instrument_type.laboratory
               for o in UnitOffering.objects.select_related("instrument_type"))


@pytest.mark.django_db
def test_the_import_assigns_a_type_to_the_units_named(users):
    unit = makassar(offers=())
    row = balance_row(330000) + [f"{default_unit().code}, {unit.code}"]
    preview = tariff_import.preview_upload(sheet(row, header=HEADER + ["Unit"]))
    assert not preview.errors
    assert preview.rows[0].offered_by.endswith("BSPJI Makassar")
    tariff_import.apply_rows(users["admin"], preview.as_session())
    balance = InstrumentType.objects.get(name="Neraca analitik")
    offered = balance.offerings.get(unit=unit)
    assert offered.laboratory.code == "mks-kalibrasi"  # the unit's only laboratory
    assert balance.offerings.get(unit=default_unit()).laboratory.code == "mass-volume"
    assert balance.current_tariff().amount == 330000  # one national price


@pytest.mark.django_db
def test_the_import_refuses_an_unknown_unit_and_another_units_laboratory(users):
    unit = makassar(offers=())
    rows = [balance_row(330000) + ["bspji-atlantis"],
            balance_row(330000, code="KAL-901")[:3] + ["Anak timbangan kelas F", "", "", "per alat", 5000,
                                                       "PP 54/2021", balance_row()[-1], f"{unit.code}:mass-volume"]]
    preview = tariff_import.preview_upload(sheet(*rows, header=HEADER + ["Unit"]))
    text = " ".join(preview.errors)
    assert "Baris 2, kolom “Unit”: unit “bspji-atlantis” tidak dikenal" in text
    assert "laboratorium “mass-volume” bukan milik unit bspji-makassar" in text
    with pytest.raises(ValidationError):
        tariff_import.apply_rows(users["admin"], [{**r, "units": "bspji-atlantis"} for r in
                                                  tariff_import.preview_upload(sheet(balance_row())).as_session()])
    assert not UnitOffering.objects.filter(unit=unit).exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_the_installations_unit_offer_every_type_in_its_laboratory():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("catalog", "0008_laboratory_unit"), ("units", "0002_one_unit_from_settings")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    unit = old.get_model("units", "Unit").objects.order_by("pk").first()
    field = old.get_model("catalog", "Field").objects.create(code="suhu-m", name="Suhu")
    lab = old.get_model("catalog", "Laboratory").objects.create(code="lab-m", name="Lab", unit=unit)
    types = old.get_model("catalog", "InstrumentType").objects
    made = {types.create(field=field, laboratory=lab, name=f"Alat {n}", parameters="Suhu").pk for n in range(3)}

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    offered = new.get_model("catalog", "UnitOffering").objects.filter(instrument_type_id__in=made)
    assert sorted(offered.values_list("instrument_type_id", "unit_id", "laboratory_id")) == \
        sorted((pk, unit.pk, lab.pk) for pk in made)
