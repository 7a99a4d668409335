"""Who may calibrate what (ISO/IEC 17025 6.2) and which reference standards may be chosen."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User, UserRole
from accounts.roles import Role
from demo.road import demo_lines
from lab.services import assign_analysts
from metrology.models import Authorisation, CalibrationMethod, ReferenceStandard
from metrology.services import usable_standards
from results import services
from results.models import ResultSheet
from results.services import PointInput, SheetInput
from workflow.states import InstrumentState


@pytest.fixture
def received_thermometer(order_at):
    order = order_at("IN_LAB", lines=demo_lines(count_mass=0, count_temp=1))
    inst = order.instruments.get()
    assert inst.state == InstrumentState.RECEIVED
    return inst


@pytest.fixture
def newcomer(users):
    """An analyst of the temperature laboratory with no authorisation yet."""
    user = User.objects.create_user("analis3", email="analis3@demo.sippt.local", password="x", full_name="Analis Baru",
                                    laboratory=users["analis2"].laboratory)
    UserRole.objects.create(user=user, role=Role.ANALIS)
    return user


def test_an_unauthorised_analyst_cannot_be_assigned(received_thermometer, users, newcomer, login):
    inst = received_thermometer
    param = inst.parameters.get()
    page = login(users["penyelia2"]).get(reverse("lab:assign", args=[inst.pk])).content.decode()
    assert users["analis2"].full_name in page and "Analis Baru" not in page  # not offered
    with pytest.raises(ValidationError, match="belum berwenang"):
        assign_analysts(users["penyelia2"], inst.pk, {param.pk: newcomer.pk})
    param.refresh_from_db()
    assert param.analyst is None

    Authorisation.objects.create(analyst=newcomer, method=CalibrationMethod.objects.get(code="MK-SUH-01"))
    assign_analysts(users["penyelia2"], inst.pk, {param.pk: newcomer.pk})
    param.refresh_from_db()
    assert param.analyst == newcomer


def test_an_authorisation_past_its_end_no_longer_counts(received_thermometer, users):
    inst = received_thermometer
    Authorisation.objects.filter(analyst=users["analis2"]).update(valid_until=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError):
        assign_analysts(users["penyelia2"], inst.pk, {inst.parameters.get().pk: users["analis2"].pk})


def _sheet(**extra):
    return SheetInput(calibration_date=timezone.localdate(), temperature="20", humidity="50",
                      method_id=CalibrationMethod.objects.get(code="MK-SUH-01").pk, resolution="0.01", **extra)


def _rows(inst):
    return [PointInput(inst.parameters.get().pk, 1, nominal="0", readings="0.02; 0.03; 0.02", unit="°C")]


def test_an_expired_standard_is_refused(thermometer, users):
    expired = ReferenceStandard.objects.get(identification="LIG-STD-OLD")
    assert expired.expired and expired not in usable_standards(thermometer.laboratory_id)
    with pytest.raises(ValidationError, match="kedaluwarsa"):
        services.save_results(users["analis2"], thermometer.pk, _sheet(standard_ids=[expired.pk]), _rows(thermometer))
    assert not services.sheet_of(thermometer).pk


def test_an_expired_standard_cannot_be_posted_from_the_page(thermometer, users, login):
    from results.tests.helpers import grid_data

    expired = ReferenceStandard.objects.get(identification="LIG-STD-OLD")
    response = login(users["analis2"]).post(reverse("results:grid", args=[thermometer.pk]), grid_data(
        thermometer, [{"param": "Suhu", "nominal": "0", "readings": "0,02; 0,03"}],
        extra={"method": CalibrationMethod.objects.get(code="MK-SUH-01").pk, "standards": [expired.pk]}))
    # The grid comes back with what was typed and the refusal beside the standards field (never a 400 page).
    assert response.status_code == 200 and "Standar acuan yang dipakai" in response.content.decode()
    assert not ResultSheet.objects.filter(instrument=thermometer, standards=expired).exists()


def test_a_standard_that_ends_before_the_calibration_date_is_refused(thermometer, users):
    std = ReferenceStandard.objects.get(identification="PRT-STD-01")
    ReferenceStandard.objects.filter(pk=std.pk).update(valid_from=timezone.localdate())
    sheet = _sheet(standard_ids=[std.pk])
    sheet.calibration_date = timezone.localdate() - timedelta(days=3)
    with pytest.raises(ValidationError, match="tanggal kalibrasi"):
        services.save_results(users["analis2"], thermometer.pk, sheet, _rows(thermometer))


def test_standards_expiring_within_30_days_are_warned(thermometer, users, login):
    soon = ReferenceStandard.objects.get(identification="TC-R-STD-02")
    assert soon.expiring_soon and 0 < soon.days_left <= 30
    grid = login(users["analis2"]).get(reverse("results:grid", args=[thermometer.pk])).content.decode()
    assert "TC-R-STD-02" in grid and "hari lagi" in grid
    listing = login(users["penyelia2"]).get(reverse("metrology:standards")).content.decode()
    assert f"Habis dalam {soon.days_left} hari" in listing and "Kedaluwarsa" in listing
    assert "E2-100G-01" not in listing  # another laboratory's standard
    assert "E2-100G-01" in login(users["mt"]).get(reverse("metrology:standards")).content.decode()


def test_customers_do_not_see_the_standards_list(users, login):
    assert login(users["pelanggan"]).get(reverse("metrology:standards")).status_code == 404
    assert login(users["cs"]).get(reverse("metrology:standards")).status_code == 404


def test_an_analyst_not_authorised_for_the_chosen_method_is_refused(thermometer, users):
    Authorisation.objects.filter(analyst=users["analis2"], method__code="MK-SUH-01").delete()
    std = ReferenceStandard.objects.get(identification="PRT-STD-01")
    with pytest.raises(ValidationError, match="belum berwenang"):
        services.save_results(users["analis2"], thermometer.pk, _sheet(standard_ids=[std.pk]), _rows(thermometer))
