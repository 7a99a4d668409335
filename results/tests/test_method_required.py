"""Every calibration names its method, and no typed figure contradicts the readings (ISO/IEC 17025 7.2,
7.8.2.1 e): results are submitted only with an active method whose range covers the instrument, and the
correction, U and k are always computed from the readings and the nominal."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from metrology.models import Authorisation, BudgetComponent, CalibrationMethod
from orders.models import Instrument
from results import services
from results.models import CalibrationPoint, ResultSheet
from results.services import PointInput
from results.tests.helpers import TWO_POINTS, grid_data, stored_rows
from workflow.states import InstrumentState

BALANCE_ROWS = [
    {"param": "Repeatabilitas", "nominal": "5000", "readings": "5000,03; 5000,03; 5000,03", "unit": "g"},
    {"param": "Eksentrisitas", "nominal": "5000", "readings": "5000,02; 5000,04; 5000,03", "unit": "g"},
    {"param": "Penunjukan (linearitas)", "nominal": "5000", "readings": "5000,03; 5000,02; 5000,04", "unit": "g"},
]


def _grid(inst):
    return reverse("results:grid", args=[inst.pk])


def _state(inst):
    return Instrument.objects.get(pk=inst.pk).state


@pytest.fixture
def big_balance(balance):
    """The demo balance as the 6 200 g balance of the report: still within MK-NER-01 (up to 10 kg)."""
    Instrument.objects.filter(pk=balance.pk).update(capacity="6 200 g", resolution="0,01 g", tolerance="")
    return Instrument.objects.get(pk=balance.pk)


def test_results_without_a_method_are_refused_with_a_message(thermometer, users, login):
    client = login(users["analis2"])
    response = client.post(_grid(thermometer), grid_data(thermometer, TWO_POINTS, submit=True, method=False))
    assert response.status_code == 200
    assert ("Pilih metode kalibrasi: hasil tanpa metode tidak dapat dikirim." in response.content.decode())
    assert _state(thermometer) == InstrumentState.IN_CALIBRATION
    client.post(_grid(thermometer), grid_data(thermometer, TWO_POINTS, method=False))  # a draft is kept
    with pytest.raises(ValidationError, match="hasil tanpa metode tidak dapat dikirim"):
        services.submit_results(users["analis2"], thermometer.pk)
    assert _state(thermometer) == InstrumentState.IN_CALIBRATION


def test_the_grid_offers_no_road_without_a_method(balance, users, login):
    page = login(users["analis"]).get(_grid(balance)).content.decode()
    assert "tanpa metode" not in page and 'name="r-0-correction"' not in page and 'name="r-0-u"' not in page
    assert 'name="r-0-k"' not in page
    # The only method that covers the 220 g balance is proposed.
    method = CalibrationMethod.objects.get(code="MK-NER-01")
    assert f'<option value="{method.pk}" selected>' in page


def test_a_method_whose_range_does_not_cover_the_instrument_is_refused(big_balance, users, login):
    small = CalibrationMethod.objects.create(code="MK-NER-LAB", name="Neraca analitik s.d. 500 g", unit="g",
                                             range_min=Decimal("0"), range_max=Decimal("500"), repeat_readings=3)
    small.instrument_types.add(big_balance.instrument_type)
    BudgetComponent.objects.create(method=small, name="Keterulangan", source="readings")
    Authorisation.objects.create(analyst=users["analis"], method=small)
    client = login(users["analis"])
    page = client.get(_grid(big_balance)).content.decode()
    assert "MK-NER-LAB" not in page  # not offered for a 6 200 g balance
    data = grid_data(big_balance, BALANCE_ROWS, submit=True, extra={"method": str(small.pk)})
    response = client.post(_grid(big_balance), data)
    assert response.status_code == 200 and _state(big_balance) == InstrumentState.IN_CALIBRATION

    with pytest.raises(ValidationError) as refused:
        services.save_results(users["analis"], big_balance.pk,
                              services.SheetInput(method_id=small.pk, resolution="0.01"), [], submit=False)
    assert ("Metode Neraca analitik s.d. 500 g (MK-NER-LAB) berlaku untuk rentang 0 – 500 g; alat ini (6 200 g) "
            "di luar rentang itu.") in refused.value.messages[0]


def test_a_method_made_inactive_after_saving_stops_the_submission(thermometer, users, login):
    client = login(users["analis2"])
    client.post(_grid(thermometer), grid_data(thermometer, TWO_POINTS))
    CalibrationMethod.objects.filter(code="MK-SUH-01").update(active=False)
    with pytest.raises(ValidationError, match="tidak aktif atau tidak berlaku"):
        services.submit_results(users["analis2"], thermometer.pk)


def test_a_method_whose_range_no_longer_covers_stops_the_submission(thermometer, users, login):
    client = login(users["analis2"])
    client.post(_grid(thermometer), grid_data(thermometer, TWO_POINTS))
    CalibrationMethod.objects.filter(code="MK-SUH-01").update(range_max=Decimal("100"))  # the thermometer reads 150 °C
    with pytest.raises(ValidationError, match="di luar rentang itu"):
        services.submit_results(users["analis2"], thermometer.pk)


def test_a_typed_correction_is_ignored_the_correction_follows_the_readings(big_balance, users, login):
    """The case of the report: a correction of 0,0 typed against a mean of 5000,03 g."""
    client = login(users["analis"])
    data = grid_data(big_balance, BALANCE_ROWS, submit=True)
    for i in range(len(BALANCE_ROWS)):
        data.update({f"r-{i}-correction": "0,0", f"r-{i}-u": "0,001", f"r-{i}-k": "2"})
    response = client.post(_grid(big_balance), data)
    assert response.status_code == 302 and _state(big_balance) == InstrumentState.RESULTS_ENTERED
    point = CalibrationPoint.objects.get(parameter__name="Repeatabilitas")
    # E2-SET-02 (whole range, no correction): 5000 − 5000.03 = −0.03 g, rounded to U's decimal place.
    assert Decimal(point.correction) == Decimal("-0.03")
    assert point.expanded_uncertainty != "0.001" and Decimal(point.expanded_uncertainty) > 0
    assert point.budget["reported_correction"] == point.correction
    assert ResultSheet.objects.get(instrument=big_balance).method.code == "MK-NER-01"


def test_the_service_takes_no_correction_at_all(thermometer):
    with pytest.raises(TypeError):
        PointInput(thermometer.parameters.get().pk, 1, nominal="0", readings="0.02", correction="0")


def test_stored_rows_posted_again_keep_the_computed_values(thermometer, users, login):
    client = login(users["analis2"])
    client.post(_grid(thermometer), grid_data(thermometer, TWO_POINTS))
    before = list(CalibrationPoint.objects.values_list("correction", "expanded_uncertainty"))
    assert all(c and u for c, u in before)
    client.post(_grid(thermometer), grid_data(thermometer, stored_rows(thermometer), submit=True))
    assert list(CalibrationPoint.objects.values_list("correction", "expanded_uncertainty")) == before
