"""Picking a calibration method on a sheet without points fills the grid with the method's suggested
points (the analyst may change them); a sheet without a method keeps its single blank row."""
import re

from django.urls import reverse

from metrology.models import CalibrationMethod, ReferenceStandard
from results import services
from results.models import CalibrationPoint, ResultSheet
from results.services import PointInput, SheetInput
from results.tests.helpers import TWO_POINTS, grid_data, stored_rows


def _nominals(page: str) -> list[str]:
    return re.findall(r'name="r-\d+-nominal" data-col="nominal" value="([^"]*)"', page)


def _method():
    return CalibrationMethod.objects.get(code="MK-SUH-01")  # points "0; 50; 100", °C


def _fill(client, inst, rows, **extra):
    data = grid_data(inst, rows, extra={"method": str(_method().pk), "method_points": "1", **extra})
    data.pop("save")
    return client.post(reverse("results:grid", args=[inst.pk]), data)


def test_picking_a_method_fills_its_points_as_rows_without_saving(thermometer, users, login):
    client = login(users["analis2"])
    page = client.get(reverse("results:grid", args=[thermometer.pk])).content.decode()
    assert _nominals(page) == [""] and "Isi titik kalibrasi dari metode" in page

    response = _fill(client, thermometer, [{"param": "Suhu", "unit": "", "k": "2"}])
    page = response.content.decode()
    assert response.status_code == 200 and _nominals(page) == ["0", "50", "100"]
    assert 'name="rows" value="3"' in page and page.count('value="°C"') >= 3
    assert not CalibrationPoint.objects.exists() and not ResultSheet.objects.exists()


def test_the_filled_points_can_be_changed_and_saved(thermometer, users, login):
    client = login(users["analis2"])
    assert _nominals(_fill(client, thermometer, [{"param": "Suhu"}]).content.decode()) == ["0", "50", "100"]
    prt = ReferenceStandard.objects.get(identification="PRT-STD-01")
    rows = [{"param": "Suhu", "nominal": "0", "readings": "0,02; 0,03; 0,02", "unit": "°C"},  # 50 moved to 60,
            {"param": "Suhu", "nominal": "60", "readings": "59,95; 59,97; 59,96", "unit": "°C"}]  # 100 dropped
    response = client.post(reverse("results:grid", args=[thermometer.pk]), grid_data(
        thermometer, rows, extra={"method": str(_method().pk), "standards": [str(prt.pk)], "resolution": "0,01"}))
    assert response.status_code == 302
    assert list(CalibrationPoint.objects.values_list("nominal", flat=True)) == ["0", "60"]


def test_a_saved_method_on_a_sheet_without_points_shows_its_points(thermometer, users, login):
    services.save_results(users["analis2"], thermometer.pk, SheetInput(method_id=_method().pk, resolution="0.01"), [])
    page = login(users["analis2"]).get(reverse("results:grid", args=[thermometer.pk])).content.decode()
    assert _nominals(page) == ["0", "50", "100"]


def test_points_already_typed_or_stored_are_not_replaced(thermometer, users, login):
    client = login(users["analis2"])
    response = _fill(client, thermometer, [{"param": "Suhu", "nominal": "20", "readings": "20,1"}])
    assert _nominals(response.content.decode()) == ["20"] and "titik metode tidak diisikan" in response.content.decode()

    param = thermometer.parameters.get()
    services.save_results(users["analis2"], thermometer.pk, SheetInput(method_id=_method().pk, resolution="0.01"),
                          [PointInput(param.pk, 1, nominal="30", readings="30.1", unit="°C")])
    assert _nominals(client.get(reverse("results:grid", args=[thermometer.pk])).content.decode()) == ["30"]
    response = _fill(client, thermometer, [{"param": "Suhu"}])  # the stored point's row cleared, not yet saved
    assert _nominals(response.content.decode()) == [""]


def test_a_sheet_without_a_method_is_only_a_draft(thermometer, users, login):
    client = login(users["analis2"])
    grid = reverse("results:grid", args=[thermometer.pk])
    data = grid_data(thermometer, [{"param": "Suhu", "unit": ""}], extra={"method_points": "1"}, method=False)
    data.pop("save")
    response = client.post(grid, data)
    assert _nominals(response.content.decode()) == [""] and "Pilih metode kalibrasi" in response.content.decode()
    assert client.post(grid, grid_data(thermometer, TWO_POINTS, method=False)).status_code == 302
    assert _nominals(client.get(grid).content.decode()) == ["0", "100"]
    assert ResultSheet.objects.get(instrument=thermometer).method is None
    assert set(CalibrationPoint.objects.values_list("correction", flat=True)) == {""}  # nothing to compute with
    response = client.post(grid, grid_data(thermometer, stored_rows(thermometer), submit=True, method=False))
    assert "hasil tanpa metode tidak dapat dikirim" in response.content.decode()
