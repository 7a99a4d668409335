"""Spreading generated orders over N units (`generate_data --units N`): the installation's default unit,
then the other active units that can take orders (staff for every step, a laboratory with a supervisor
and an analyst for a priced type they offer, number formats of their own), then units made for the data
set, `gen-02`, `gen-03`… (kept and reused by the next run), each with one laboratory offering every
priced instrument type and one account per staff role (user names `gen_<role>_u02`, the demo password).
Orders go to the units in turn. With one unit nothing here is used: the data set is as before.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from django.conf import settings
from django.contrib.auth.hashers import make_password

from accounts.models import User, UserRole
from accounts.roles import Role
from accounts.seed import DEMO_PASSWORD
from catalog.models import Laboratory, UnitOffering
from datagen import plan
from units.models import Unit

ZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]
STAFF = [(Role.CS, "cs"), (Role.KETUA_PJI, "ketua_pji"), (Role.BENDAHARA, "bendahara"), (Role.MT, "mt"),
         (Role.KEPALA_BALAI, "kepala_balai"), (Role.PENYELIA, "penyelia"), (Role.ANALIS, "analis")]
# Series whose numbers must not repeat across units (unique columns): another unit needs its own format.
OWN_SERIES = ("order", "sample", "report")


@dataclass
class UnitPlan:
    """What the orders of one unit are made with."""

    unit: Unit
    staff: plan.Staff
    priced_types: list = field(default_factory=list)  # (instrument type, tariff) the unit offers
    lab_of: dict = field(default_factory=dict)  # instrument type id -> the unit's laboratory id


def _numbers_own(unit: Unit) -> bool:
    formats = unit.number_formats or {}
    return all(formats.get(s) and formats.get(s) != settings.NUMBER_FORMATS[s] for s in OWN_SERIES)


def other_plan(unit: Unit, tariffs: dict) -> UnitPlan | None:
    """The plan of a unit other than the default one, or None when it cannot take generated orders."""
    if not _numbers_own(unit):
        return None
    try:
        staff = plan.Staff.load(unit)
    except ValueError:
        return None
    made = UnitPlan(unit, staff)
    for offering in UnitOffering.objects.filter(unit=unit, instrument_type__active=True).order_by("pk"):
        tariff = tariffs.get(offering.instrument_type_id)
        if tariff is None or offering.laboratory_id not in staff.supervisors \
                or offering.laboratory_id not in staff.analysts:
            continue
        made.priced_types.append(tariff)
        made.lab_of[offering.instrument_type_id] = offering.laboratory_id
    return made if made.priced_types else None


def make_unit(number: int, priced_types: list) -> Unit:
    """A unit for the data set, with its laboratory, offerings and staff (kept for the next run)."""
    from demo.units import unit_formats

    code = f"gen-{number:02d}"
    unit, created = Unit.objects.get_or_create(code=code, defaults={
        "name": f"Balai Data Uji {number:02d}", "short_name": f"Balai Uji {number:02d}",
        "satker_code": f"49{number:04d}", "time_zone": ZONES[number % len(ZONES)], "office_start": time(7, 30),
        "office_end": time(16), "number_formats": unit_formats(f"U{number:02d}")})
    lab, _ = Laboratory.objects.get_or_create(code=f"{code}-lab", defaults={
        "name": f"Laboratorium Kalibrasi Balai Uji {number:02d}", "unit": unit})
    UnitOffering.objects.bulk_create([UnitOffering(unit=unit, instrument_type=itype, laboratory=lab)
                                      for itype, _tariff in priced_types], ignore_conflicts=True)
    if created:
        password = make_password(DEMO_PASSWORD)
        for role, stem in STAFF:
            username = f"gen_{stem}_u{number:02d}"
            user = User.objects.create(username=username, password=password, full_name=f"{stem} {unit.short_name}",
                                       email=f"{username}@gen.sippt.local", email_verified=True,
                                       laboratory=lab if role in (Role.PENYELIA, Role.ANALIS) else None)
            UserRole.objects.create(user=user, role=role, unit=unit)
    return unit


def unit_plans(count: int, default: UnitPlan, tariffs: dict) -> list[UnitPlan]:
    """`count` plans: the default unit's first, then other usable units, then units made for the data set."""
    plans = [default]
    for unit in Unit.objects.filter(is_active=True).exclude(pk=default.unit.pk).order_by("pk"):
        if len(plans) >= count:
            break
        if unit.code.startswith("gen-"):
            continue  # the data set's own units come in their numbered order below
        made = other_plan(unit, tariffs)
        if made is not None:
            plans.append(made)
    number = 2
    while len(plans) < count:
        made = other_plan(make_unit(number, default.priced_types), tariffs)
        if made is None:
            raise ValueError(f"unit gen-{number:02d} cannot take generated orders")
        plans.append(made)
        number += 1
    return plans


def current_tariffs(priced_types) -> dict:
    """The national priced types by id: (instrument type, tariff in force)."""
    return {itype.pk: (itype, tariff) for itype, tariff in priced_types}

