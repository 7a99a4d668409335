"""The installation's unit: made from its settings, the default of what is created without a unit, and the
owner of the number series (each unit its own counters, the installation's one continuing the old ones)."""
import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User, UserRole
from accounts.roles import Role
from core.models import Counter
from core.numbering import next_number
from units import current
from units.models import Unit


@pytest.mark.django_db
def test_the_installation_has_one_unit_made_from_its_settings():
    unit = Unit.objects.get()
    assert unit == current.default_unit()
    assert (unit.name, unit.short_name, unit.address, unit.satker_code) == (
        settings.BALAI_NAME, settings.BALAI_SHORT, settings.BALAI_ADDRESS, settings.BALAI_SATKER_CODE)
    assert unit.code == "bspji-palembang" and unit.time_zone == settings.TIME_ZONE
    assert (unit.office_start, unit.office_end) == (dt.time(7, 30), dt.time(16, 0))
    assert unit.office_weekdays == settings.OFFICE_WEEKDAYS
    assert unit.number_formats == settings.NUMBER_FORMATS
    assert unit.accreditation_number == settings.REPORT_ACCREDITATION_NUMBER
    unit.full_clean()  # the settings' values are a valid unit


@pytest.mark.django_db
def test_orders_laboratories_and_staff_roles_get_the_unit_customers_and_national_roles_none(users, order_at):
    from catalog.models import Laboratory

    unit = current.default_unit()
    assert order_at().unit == unit  # orders.services.save_draft
    assert set(Laboratory.objects.values_list("unit", flat=True)) == {unit.pk}
    staff = UserRole.objects.exclude(role=Role.PELANGGAN)
    assert staff.exists() and set(staff.values_list("unit", flat=True)) == {unit.pk}
    assert set(UserRole.objects.filter(role=Role.PELANGGAN).values_list("unit", flat=True)) == {None}
    boss = User.objects.create_user(username="pusat", email="pusat@kemenperin.example", password="x")
    assert UserRole.objects.create(user=boss, role=Role.ADMIN_PUSAT).unit is None


@pytest.mark.django_db
def test_a_role_is_held_once_per_unit_and_a_unitless_role_once():
    other = Unit.objects.create(code="bbk-makassar", name="BBK Makassar", short_name="BBK Makassar",
                                office_start="08:00", office_end="16:00")
    user = User.objects.create_user(username="ganda", email="ganda@example.com", password="x")
    UserRole.objects.create(user=user, role=Role.CS)
    UserRole.objects.create(user=user, role=Role.CS, unit=other)  # the same role in another unit
    with pytest.raises(IntegrityError), transaction.atomic():
        UserRole.objects.create(user=user, role=Role.CS, unit=current.default_unit())
    UserRole.objects.create(user=user, role=Role.PIMPINAN)
    with pytest.raises(IntegrityError), transaction.atomic():
        UserRole.objects.create(user=user, role=Role.PIMPINAN)


@pytest.mark.django_db
def test_numbers_continue_the_default_units_series_and_each_unit_keeps_its_own():
    code = current.default_unit().code
    when = dt.datetime(2026, 5, 4, 9, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    Counter.objects.create(unit_code=code, series="order", period="202605", value=41)
    with transaction.atomic():
        assert next_number("order", when) == "ORD/2026/05/000042"
        assert next_number("order", when, unit_code="bbk-makassar") == "ORD/2026/05/000001"
        assert next_number("order", when) == "ORD/2026/05/000043"
    assert Counter.objects.get(unit_code=code, series="order").value == 43
    # a counter made without naming its unit (the benchmark generator's update_or_create) is the default's
    assert Counter.objects.create(series="sample", period="2026").unit_code == code


@pytest.mark.django_db
def test_a_unit_numbers_with_its_own_formats_and_satker_code():
    """Each unit's numbers read as its own (its prefix, its satker code); a series the unit has no format
    for is written as the settings write it."""
    when = dt.datetime(2026, 5, 4, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    Unit.objects.create(code="bspji-makassar", name="BSPJI Makassar", short_name="BSPJI Makassar",
                        satker_code="409502", time_zone="Asia/Makassar", office_start=dt.time(8),
                        office_end=dt.time(16), number_formats={
                            "order": "MKS/ORD/{year}/{seq:04d}", "report": "{seq:04d}/LHU/MKS/{month_roman}/{year}",
                            "billing": "8{satker}{year2}{seq:06d}"})
    with transaction.atomic():
        assert next_number("order", when, unit_code="bspji-makassar") == "MKS/ORD/2026/0001"
        assert next_number("report", when, unit_code="bspji-makassar") == "0001/LHU/MKS/V/2026"
        assert next_number("billing", when, unit_code="bspji-makassar") == "840950226000001"
        assert next_number("sample", when, unit_code="bspji-makassar") == "SMP-2026-000001"  # no own format
        assert next_number("order", when) == "ORD/2026/05/000001"  # the default unit's, its own series


@pytest.mark.django_db
def test_a_units_hours_days_and_number_formats_are_checked():
    unit = current.default_unit()
    unit.office_end, unit.office_weekdays = dt.time(7, 0), [0, 0, 9]
    unit.number_formats = {**settings.NUMBER_FORMATS, "order": "ORD/{year}/{nomor}"}
    with pytest.raises(ValidationError) as refused:
        unit.full_clean()
    assert set(refused.value.message_dict) == {"office_end", "office_weekdays", "number_formats"}
    unit.number_formats = {"order": "{seq}"}
    with pytest.raises(ValidationError, match="sample"):
        unit.full_clean()


@pytest.mark.django_db
def test_the_kept_default_unit_is_forgotten_when_a_unit_changes():
    unit = current.default_unit()
    unit.short_name = "BSPJI PLG"
    unit.save(update_fields=["short_name"])
    assert current.default_unit().short_name == "BSPJI PLG"
    unit.is_active = False
    unit.save(update_fields=["is_active"])
    replacement = current.default_unit()  # no active unit: the first one is still where things go
    assert replacement.pk == unit.pk
