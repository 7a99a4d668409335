"""Reference standards offered on the grid fit the instrument: its laboratory and, when the standard names
one, its field of calibration. A standard that does not fit is refused by the service, by name."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from catalog.models import Field
from metrology.models import CalibrationMethod, ReferenceStandard
from metrology.seed import seed_metrology
from metrology.services import fits, standards_for
from results import services
from results.models import ResultSheet
from results.services import PointInput, SheetInput


def _offered(page: str, std) -> bool:
    return f'name="standards" value="{std.pk}"' in page


def _sheet(*standards):
    return SheetInput(calibration_date=timezone.localdate(), temperature="20", humidity="50",
                      method_id=CalibrationMethod.objects.get(code="MK-SUH-01").pk, resolution="0.01",
                      standard_ids=[s.pk for s in standards])


def _rows(inst):
    return [PointInput(inst.parameters.get().pk, 1, nominal="0", readings="0.02; 0.03; 0.02", unit="°C")]


def test_the_seeded_standards_name_the_field_they_serve(users):
    codes = dict(ReferenceStandard.objects.values_list("identification", "field__code"))
    assert codes["PRT-STD-01"] == "suhu" and codes["PC-STD-01"] == "tekanan" and codes["E2-100G-01"] == "massa"
    assert codes["NRC-STD-01"] is None  # the balance serves mass and gravimetric volume alike


def test_seeding_again_fills_the_field_of_a_demo_standard_seeded_without_one(users):
    ReferenceStandard.objects.filter(identification="PC-STD-01").update(field=None)
    seed_metrology()
    assert ReferenceStandard.objects.get(identification="PC-STD-01").field.code == "tekanan"


def test_a_thermometer_is_offered_temperature_standards_only(thermometer, users, login):
    page = login(users["analis2"]).get(reverse("results:grid", args=[thermometer.pk])).content.decode()
    prt, pressure = (ReferenceStandard.objects.get(identification=i) for i in ("PRT-STD-01", "PC-STD-01"))
    assert _offered(page, prt) and not _offered(page, pressure)
    assert fits(prt, thermometer) and not fits(pressure, thermometer)
    assert set(standards_for(thermometer).values_list("identification", flat=True)) == {"PRT-STD-01", "TC-R-STD-02"}


def test_the_service_refuses_a_standard_of_another_field_by_name(thermometer, users):
    pressure = ReferenceStandard.objects.get(identification="PC-STD-01")
    with pytest.raises(ValidationError) as refused:
        services.save_results(users["analis2"], thermometer.pk, _sheet(pressure), _rows(thermometer))
    message = " ".join(refused.value.messages)
    assert "Kalibrator tekanan digital 0–160 bar PC-STD-01" in message and "tidak sesuai" in message
    assert "Tekanan" in message and "Suhu" in message
    assert not ResultSheet.objects.filter(instrument=thermometer).exists()


def test_a_posted_standard_of_another_field_saves_nothing(thermometer, users, login):
    from results.tests.helpers import grid_data

    pressure = ReferenceStandard.objects.get(identification="PC-STD-01")
    response = login(users["analis2"]).post(reverse("results:grid", args=[thermometer.pk]), grid_data(
        thermometer, [{"param": "Suhu", "nominal": "0", "readings": "0,02; 0,03; 0,02", "unit": "°C"}],
        extra={"method": CalibrationMethod.objects.get(code="MK-SUH-01").pk, "standards": [pressure.pk],
               "resolution": "0,01"}))
    assert response.status_code == 200 and not ResultSheet.objects.filter(instrument=thermometer).exists()


def test_a_standard_without_a_field_stays_offered_everywhere_in_its_laboratory(thermometer, users, login):
    pressure = ReferenceStandard.objects.get(identification="PC-STD-01")
    ReferenceStandard.objects.filter(pk=pressure.pk).update(field=None)
    page = login(users["analis2"]).get(reverse("results:grid", args=[thermometer.pk])).content.decode()
    assert _offered(page, pressure)
    prt = ReferenceStandard.objects.get(identification="PRT-STD-01")
    sheet = services.save_results(users["analis2"], thermometer.pk, _sheet(prt, pressure), _rows(thermometer))
    assert set(sheet.standards.values_list("identification", flat=True)) == {"PRT-STD-01", "PC-STD-01"}


def test_a_balance_is_offered_mass_standards_and_the_balance_not_temperature_ones(balance, users, login):
    page = login(users["analis"]).get(reverse("results:grid", args=[balance.pk])).content.decode()
    offered = {s.identification for s in ReferenceStandard.objects.all() if _offered(page, s)}
    assert offered == {"E2-100G-01", "E2-SET-02", "F1-1KG-03", "NRC-STD-01"}
    assert balance.instrument_type.field == Field.objects.get(code="massa")
