"""The grid accepts the Indonesian decimal comma, names the row and field of a bad value, and stores
nothing when anything is wrong."""
import pytest
from django.urls import reverse

from results.models import CalibrationPoint, ResultChange, ResultSheet
from results.tests.helpers import TWO_POINTS, grid_data
from workflow.states import InstrumentState


def _post(client, inst, rows, **kw):
    return client.post(reverse("results:grid", args=[inst.pk]), grid_data(inst, rows, **kw))


def test_bad_decimal_names_the_row_and_field_and_stores_nothing(thermometer, users, login):
    client = login(users["analis2"])
    rows = [dict(TWO_POINTS[0]), {**TWO_POINTS[1], "nominal": "10,0x"}]
    response = _post(client, thermometer, rows, submit=True)
    assert response.status_code == 200  # the same page again, as typed
    page = response.content.decode()
    assert "Baris 2 (Suhu), nilai nominal: “10,0x” bukan angka." in page
    assert 'value="10,0x"' in page  # what was typed stays in the grid
    assert not CalibrationPoint.objects.exists() and not ResultSheet.objects.exists()
    thermometer.refresh_from_db()
    assert thermometer.state == InstrumentState.IN_CALIBRATION


@pytest.mark.parametrize("readings, message", [
    ("1,2,3", "pisahkan pembacaan dengan titik koma"),
    ("1.000,5", "pakai satu tanda desimal saja"),
    ("", "isi sedikitnya satu pembacaan"),
])
def test_unclear_readings_are_refused_with_a_reason(thermometer, users, login, readings, message):
    response = _post(login(users["analis2"]), thermometer, [{**TWO_POINTS[0], "readings": readings}])
    assert message in response.content.decode()
    assert not CalibrationPoint.objects.exists()


def test_submitting_needs_every_parameter_to_have_a_point(balance, users, login):
    client = login(users["analis"])
    rows = [{"param": "Repeatabilitas", "nominal": "100", "readings": "100,0002; 100,0003", "unit": "g"}]
    response = _post(client, balance, rows, submit=True)
    page = response.content.decode()
    assert "Parameter Eksentrisitas belum memiliki titik kalibrasi." in page
    assert "Parameter Penunjukan (linearitas) belum memiliki titik kalibrasi." in page
    balance.refresh_from_db()
    assert balance.state == InstrumentState.IN_CALIBRATION
    assert not CalibrationPoint.objects.exists()  # the submit failed as a whole
    _post(client, balance, rows)  # as a draft it is fine
    assert CalibrationPoint.objects.count() == 1


def test_submitting_needs_a_budget_for_every_point(thermometer, users, login):
    client = login(users["analis2"])
    rows = [{**TWO_POINTS[0], "readings": "0,02"}]  # one reading: no type A contribution yet
    _post(client, thermometer, rows)  # a draft may wait for its readings
    assert CalibrationPoint.objects.get().correction == ""
    response = _post(client, thermometer, [{**rows[0], "id": CalibrationPoint.objects.get().pk}], submit=True)
    assert ("Baris 1 (Suhu): anggaran ketidakpastian belum dapat dihitung: komponen tipe A memerlukan sedikitnya "
            "2 pembacaan.") in response.content.decode()


def test_add_row_button_gives_an_empty_row_and_saves_nothing(thermometer, users, login):
    client = login(users["analis2"])
    param = thermometer.parameters.get()
    response = _post(client, thermometer, TWO_POINTS[:1], extra={"add_row": str(param.pk)})
    page = response.content.decode()
    assert 'name="r-1-nominal"' in page and 'value="0,02; 0,03; 0,02"' in page
    assert not CalibrationPoint.objects.exists()


def test_clearing_a_row_removes_the_point(thermometer, users, login):
    client = login(users["analis2"])
    _post(client, thermometer, TWO_POINTS)
    first, second = CalibrationPoint.objects.order_by("position")
    _post(client, thermometer, [{"param": "Suhu", "id": first.pk}, {**TWO_POINTS[1], "id": second.pk}])
    assert list(CalibrationPoint.objects.values_list("nominal", flat=True)) == ["100"]


def test_future_calibration_date_is_refused(thermometer, users, login):
    import datetime

    response = _post(login(users["analis2"]), thermometer, TWO_POINTS,
                     calibration_date=datetime.date.today() + datetime.timedelta(days=3))
    assert "Tanggal kalibrasi tidak boleh di masa depan." in response.content.decode()


def test_result_history_cannot_be_edited_or_deleted(thermometer, users, login):
    client = login(users["analis2"])
    _post(client, thermometer, TWO_POINTS, submit=True)
    from results import services

    services.return_from_verification(users["penyelia2"], thermometer.pk, "Periksa lagi.")
    point = CalibrationPoint.objects.order_by("position").first()
    _post(client, thermometer, [{**TWO_POINTS[0], "id": point.pk, "readings": "0,02; 0,03; 0,03"}])
    change = ResultChange.objects.get(field="readings")
    assert (change.old_value, change.new_value) == ("0.02; 0.03; 0.02", "0.02; 0.03; 0.03")
    correction = ResultChange.objects.get(field="correction")  # recomputed, and kept in the history too
    assert (correction.old_value, correction.new_value) == ("-0.023", "-0.027")
    with pytest.raises(ValueError):
        change.save()
    with pytest.raises(ValueError):
        change.delete()
