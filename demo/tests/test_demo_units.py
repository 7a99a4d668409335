"""`seed_demo` makes the demo's three units in three time zones, each with its laboratory, offerings, staff
and a head of centre who can sign, plus the central admin; run again it changes nothing. The installation's
unit and its demo accounts stay as they were."""
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.management import call_command

from accounts.models import User, UserRole
from accounts.roles import Role
from catalog.models import UnitOffering
from certificates.demo import DEMO_PASSPHRASE
from units.current import default_unit
from units.models import Unit

STAFF_ROLES = {Role.ADMIN, Role.CS, Role.KETUA_PJI, Role.BENDAHARA, Role.PENYELIA, Role.ANALIS, Role.MT,
               Role.KEPALA_BALAI}


def snapshot():
    from metrology.models import AccreditationScope, Authorisation, ReferenceStandard

    return (Unit.objects.count(), User.objects.count(), UserRole.objects.count(), UnitOffering.objects.count(),
            ReferenceStandard.objects.count(), Authorisation.objects.count(), AccreditationScope.objects.count(),
            sorted(UserRole.objects.values_list("user__username", "role", "unit__code")))


@pytest.mark.django_db
def test_seed_demo_makes_three_units_in_three_time_zones_and_is_idempotent(users, password):
    palembang_roles = sorted(UserRole.objects.values_list("user__username", "role", "unit__code"))
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    first = snapshot()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert snapshot() == first

    units = {u.code: u for u in Unit.objects.filter(is_active=True)}
    assert len(units) == 3 and default_unit().short_name == "BSPJI Palembang"
    assert {u.time_zone for u in units.values()} == {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"}
    # the installation's unit and its demo accounts are untouched
    assert set(palembang_roles) <= set(first[-1])
    assert all(unit == default_unit().code for name, role, unit in palembang_roles if role != Role.PELANGGAN)
    for code, suffix, lab in (("bspji-makassar", "mks", "mks-kalibrasi"), ("bspji-jayapura", "jpr", "jpr-kalibrasi")):
        unit = units[code]
        staff = UserRole.objects.filter(unit=unit)
        assert set(staff.values_list("role", flat=True)) == STAFF_ROLES
        assert all(r.user.username.endswith(f"_{suffix}") for r in staff.select_related("user"))
        analyst = User.objects.get(username=f"analis_{suffix}")
        assert analyst.laboratory.code == lab and analyst.laboratory.unit == unit
        assert analyst.check_password(password)
        offered = UnitOffering.objects.filter(unit=unit)
        assert offered.exists() and {o.laboratory.code for o in offered} == {lab}
        assert offered.count() < UnitOffering.objects.filter(unit=default_unit()).count()  # a part of the list
        key = Path(settings.SIGNING_KEY_DIR) / f"kepala_balai_{suffix}.p12"
        assert key.is_file()
        # the head's certificate names the unit they head, not the installation's
        _, cert, _ = pkcs12.load_key_and_certificates(key.read_bytes(), DEMO_PASSPHRASE.encode())
        assert [a.value for a in cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)] == [unit.short_name]
    central = User.objects.get(username="admin_pusat")
    assert list(central.roles.values_list("role", "unit")) == [(Role.ADMIN_PUSAT, None)]
    assert central.check_password(password)


@pytest.mark.django_db
def test_the_demo_customer_has_an_order_waiting_in_each_other_unit(users):
    from demo.units import seed_units, submit_demo_orders

    seed_units()
    orders = submit_demo_orders(users["pelanggan"])
    assert sorted(o.unit.code for o in orders) == ["bspji-jayapura", "bspji-makassar"]
    for order in orders:
        assert order.state == "SUBMITTED"
        assert {i.laboratory.unit_id for i in order.instruments.all()} == {order.unit_id}


@pytest.mark.django_db
def test_each_other_units_laboratory_can_calibrate_what_the_customer_orders_there(users):
    """The balances the demo customer sends to Makassar and Jayapura find, in that unit's laboratory, a
    method, the unit's own valid reference standards and an analyst authorised for the method; only the
    accredited unit (Makassar) has a KAN scope, under its own number."""
    from demo.units import equip_laboratories, seed_units, submit_demo_orders
    from metrology.models import AccreditationScope
    from metrology.services import is_authorised
    from results.demo import demo_method

    seed_units()
    equip_laboratories()
    for order in submit_demo_orders(users["pelanggan"]):
        prefix, suffix = {"bspji-makassar": ("MKS", "mks"), "bspji-jayapura": ("JPR", "jpr")}[order.unit.code]
        for inst in order.instruments.select_related("laboratory", "instrument_type"):
            method, standards, _resolution = demo_method(inst)
            assert method is not None and method.code == "MK-NER-01"
            assert standards and {s.laboratory_id for s in standards} == {inst.laboratory_id}
            assert all(s.identification.startswith(f"{prefix}-") for s in standards)
            assert is_authorised(User.objects.get(username=f"analis_{suffix}"), method)
    scopes = {(s.laboratory.unit.code, s.kan_number) for s in AccreditationScope.objects.filter(
        laboratory__unit__code__in=["bspji-makassar", "bspji-jayapura"]).select_related("laboratory__unit")}
    assert scopes == {("bspji-makassar", "LK-301-IDN")}
    assert Unit.objects.get(code="bspji-makassar").accreditation_number == "LK-301-IDN"
    assert Unit.objects.get(code="bspji-jayapura").accreditation_number == ""
