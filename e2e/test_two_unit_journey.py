"""One customer, two units, two orders in flight at once: the customer orders a thermocouple from BSPJI
Palembang (WIB) and an analytical balance from BSPJI Makassar (WITA), and each unit's own staff take
their order through the 22 SOP steps in the browser, step by step side by side. Each unit's numbers are
its own (Makassar's carry its prefix, both series start at one), each unit's staff never see the other
unit's order in their inboxes, each unit's head of centre is the only one offered for and able to reach
their unit's report, and each signed certificate names its own unit."""
from __future__ import annotations

import re

import pytest

from e2e.journey import PALEMBANG_CREW as PALEMBANG
from e2e.journey import STEPS, THERMOMETER_LINE, Lane, prepare_signing, register_customer, signed_in

MAKASSAR = {role: f"{role.lower()}_mks" for role in PALEMBANG}
BALANCE_LINE = ("Neraca analitik", {"brand": "Ohaus", "model": "Pioneer PX224", "serial_numbers": "OH-PX224",
                                    "capacity": "220 g", "resolution": "0,1 mg", "points": "50, 100, 200 g"}, 1)
PREFIX = "two-units-"


def words(pdf: bytes, tmp_path) -> str:
    """The certificate's text with its layout's runs of spaces and line breaks as single spaces."""
    from certificates.tests.conftest import pdf_text

    return " ".join(pdf_text(pdf, tmp_path).split())


@pytest.mark.slow
def test_one_customer_orders_in_two_units_and_each_units_staff_take_their_order_through_22_steps(
        people, users, shots, tmp_path):
    from certificates.models import Report
    from demo.units import equip_laboratories, seed_units
    from units.current import default_unit
    from units.models import Unit

    accounts = {**users, **seed_units()}
    equip_laboratories()
    prepare_signing(PALEMBANG["KEPALA_BALAI"], MAKASSAR["KEPALA_BALAI"])
    staff = signed_in(people, ["admin", *PALEMBANG.values(), *MAKASSAR.values()])
    customer = people("customer")
    register_customer(customer, staff["admin"], shots, prefix=PREFIX)  # steps 1-3, once

    lanes = [Lane(f"{PREFIX}{short}-", customer, {role: staff[name] for role, name in crew.items()},
                  {role: accounts[name] for role, name in crew.items()}, shots, tmp_path, line=line, unit_code=code)
             for short, crew, line, code in (("plg", PALEMBANG, THERMOMETER_LINE, default_unit().code),
                                             ("mks", MAKASSAR, BALANCE_LINE, "bspji-makassar"))]
    palembang, makassar = lanes
    palembang.others, makassar.others = [makassar], [palembang]
    for step in STEPS:  # steps 4-22, both orders at the same step before either goes on
        for lane in lanes:
            step(lane)

    mks = Unit.objects.get(code="bspji-makassar")
    plg = default_unit()
    assert mks.accreditation_number and not plg.accreditation_number
    for lane, unit, other in ((palembang, plg, mks), (makassar, mks, plg)):
        order, inst = lane.order, lane.inst
        report = Report.objects.get(order=order)
        assert order.unit == unit and inst.laboratory.unit == unit
        # numbers per unit: each unit's own formats and series (both begin at one)
        assert order.number.endswith("000001")
        # the head of centre of the unit signed; the other unit's head cannot reach the order
        assert report.signer == lane.people["KEPALA_BALAI"]
        other_lane = next(o for o in lanes if o is not lane)
        assert other_lane.pages["KEPALA_BALAI"].goto(lane.detail).status == 404
        text = words(lane.pdf, tmp_path)
        assert unit.name in text and other.name not in text
        assert unit.short_name in text and other.short_name not in text
        assert report.number in text and order.number in text and inst.sample_id in text
        assert lane.people["KEPALA_BALAI"].full_name in text
        assert other_lane.people["KEPALA_BALAI"].full_name not in text
        if unit.accreditation_number:
            assert unit.accreditation_number in text
        assert mks.accreditation_number not in text or unit == mks
    assert makassar.order.number.startswith("MKS/") and not palembang.order.number.startswith("MKS")
    assert makassar.inst.sample_id.startswith("MKS-") and not palembang.inst.sample_id.startswith("MKS")
    mks_report, plg_report = (Report.objects.get(order=lane.order).number for lane in (makassar, palembang))
    assert mks_report.startswith("MKS/") and re.match(r"^\d{4}/LHU/", plg_report)
