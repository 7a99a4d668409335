"""An installation of one Balai migrates into one unit without losing anything (issue #18).

The database goes back to the last migration of each app before units, gets rows as the installation has
them (a company, its customer, staff, a laboratory, a numbered order, counters, a calendar exception), and
migrates forward: one unit made from the settings, everything pointing at it, every number and counter
unchanged, and the next order number continuing the series. Runs on PostgreSQL and on SQLite (a few
seconds: only the migrations that depend on units are undone and done again)."""
import datetime as dt

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from units import current

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

BEFORE_UNITS = [("units", None), ("core", "0001_initial"), ("accounts", "0006_data_request_clock"),
                ("catalog", "0007_parameter_english_names"), ("orders", "0009_search_trigram_indexes"),
                ("workflow", "0004_backfill_step_minutes")]
WIB = dt.timezone(dt.timedelta(hours=7))


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _fill(apps):
    """Rows as an installation of one Balai has them before units."""
    Company, User, UserRole = (apps.get_model("accounts", name) for name in ("Company", "User", "UserRole"))
    company = Company.objects.create(name="PT Timbang Tepat", npwp="012345678901234", address="Palembang")
    customer = User.objects.create(username="pelanggan", email="p@example.com", full_name="Pelanggan",
                                   company=company, password="!")
    cs = User.objects.create(username="cs", email="cs@example.com", full_name="Petugas CS", password="!")
    UserRole.objects.create(user=customer, role="PELANGGAN")
    UserRole.objects.create(user=cs, role="CS")
    UserRole.objects.create(user=cs, role="KEPALA_BALAI")
    apps.get_model("catalog", "Laboratory").objects.create(code="massa", name="Laboratorium Massa")
    Order = apps.get_model("orders", "Order")
    numbered = Order.objects.create(company=company, created_by=customer, number="ORD/2026/05/000041",
                                    state="VALIDATED")
    draft = Order.objects.create(company=company, created_by=customer)
    Counter = apps.get_model("core", "Counter")
    Counter.objects.create(series="order", period="202605", value=41)
    Counter.objects.create(series="sample", period="2026", value=7)
    apps.get_model("workflow", "CalendarException").objects.create(date=dt.date(2026, 6, 8),
                                                                  description="Cuti bersama")
    return {"numbered": numbered.pk, "draft": draft.pk, "customer": customer.pk, "cs": cs.pk}


def test_one_balai_migrates_into_one_unit_and_its_numbers_continue():
    from accounts.models import Company, UserRole
    from catalog.models import Laboratory
    from core.models import Counter
    from core.numbering import next_number
    from orders.models import Order
    from units.models import Unit
    from workflow.models import CalendarException

    _migrate(BEFORE_UNITS)
    executor = MigrationExecutor(connection)
    assert "units_unit" not in connection.introspection.table_names()
    made = _fill(executor.loader.project_state([t for t in BEFORE_UNITS if t[1]]).apps)

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    current.forget()

    unit = Unit.objects.get()
    assert (unit.code, unit.name, unit.short_name, unit.address, unit.satker_code) == (
        "bspji-palembang", settings.BALAI_NAME, settings.BALAI_SHORT, settings.BALAI_ADDRESS,
        settings.BALAI_SATKER_CODE)
    assert unit.time_zone == settings.TIME_ZONE and unit.number_formats == settings.NUMBER_FORMATS
    assert (unit.office_start, unit.office_end, unit.office_weekdays) == (
        dt.time(7, 30), dt.time(16, 0), settings.OFFICE_WEEKDAYS)
    assert unit.accreditation_number == settings.REPORT_ACCREDITATION_NUMBER

    assert set(Order.objects.values_list("unit", flat=True)) == {unit.pk}
    assert Order.objects.get(pk=made["numbered"]).number == "ORD/2026/05/000041"
    assert Order.objects.get(pk=made["draft"]).number is None
    assert set(Laboratory.objects.values_list("unit", flat=True)) == {unit.pk}
    roles = {(r.role, r.unit_id) for r in UserRole.objects.all()}
    assert roles == {("PELANGGAN", None), ("CS", unit.pk), ("KEPALA_BALAI", unit.pk)}
    # the company registered with the only Balai there was: that unit's admin activates its accounts
    assert Company.objects.get().home_unit_id == unit.pk
    assert CalendarException.objects.get().unit is None  # applies to every unit, as it did to the installation
    counters = {(c.unit_code, c.series, c.period, c.value) for c in Counter.objects.all()}
    assert counters == {(unit.code, "order", "202605", 41), (unit.code, "sample", "2026", 7)}
    with transaction.atomic():
        assert next_number("order", dt.datetime(2026, 5, 20, 10, tzinfo=WIB)) == "ORD/2026/05/000042"
        assert next_number("sample", dt.datetime(2026, 5, 20, 10, tzinfo=WIB)) == "SMP-2026-000008"
    current.forget()
