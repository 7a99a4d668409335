"""The KAN accreditation scope per laboratory and method (ILAC-P8): which result points it covers, and the
E-LHU and its DCC saying which results lie outside it."""
from decimal import Decimal

import pytest
from lxml import etree

from catalog.models import Laboratory
from certificates import dcc
from certificates.content import render_report
from certificates.tests.conftest import pdf_text
from demo.road import demo_lines
from metrology.models import AccreditationScope, CalibrationMethod
from metrology.scope import scope_of

NS = {"dcc": dcc.DCC_NS, "si": dcc.SI_NS}
OUTSIDE = "di luar ruang lingkup akreditasi"


@pytest.fixture
def lab_and_method(db):
    lab = Laboratory.objects.create(code="scope-lab", name="Lab ruang lingkup")
    method = CalibrationMethod.objects.create(code="SC-01", name="Metode uji", unit="g")
    return lab, method


def test_a_point_is_inside_only_for_its_method_parameter_unit_and_range(lab_and_method):
    lab, method = lab_and_method
    AccreditationScope.objects.create(laboratory=lab, method=method, range_min=Decimal("10"),
                                      range_max=Decimal("200"), unit="g", kan_number="LK-1-IDN")
    AccreditationScope.objects.create(laboratory=lab, method=method, parameter="Eksentrisitas",
                                      range_min=None, range_max=Decimal("5"), unit="kg", kan_number="LK-1-IDN")
    scope = scope_of(lab.pk, method.pk)
    assert scope.judged and scope.kan_numbers == ["LK-1-IDN"]
    assert scope.covers("Penunjukan", "10", "g") and scope.covers("Penunjukan", "200", "g")  # both ends in
    assert scope.covers("Penunjukan", "200,0", "g")
    assert scope.covers("Penunjukan", "200.0001", "g") is False
    assert scope.covers("Penunjukan", "50", "kg") is False  # another unit
    assert scope.covers("eksentrisitas", "-3", "kg") is True  # the parameter's own line, open below
    assert scope.covers("Penunjukan", "3", "kg") is False  # that line is for another parameter
    assert scope.covers("Penunjukan", "n/a", "g") is False
    other = CalibrationMethod.objects.create(code="SC-02", name="Metode lain", unit="g")
    assert scope_of(lab.pk, other.pk).covers("Penunjukan", "50", "g") is False  # the method is not accredited
    assert scope_of(lab.pk, None).covers("Penunjukan", "50", "g") is False


def test_a_laboratory_without_any_scope_is_not_judged(lab_and_method):
    lab, method = lab_and_method
    scope = scope_of(lab.pk, method.pk)
    assert not scope.judged and scope.covers("Penunjukan", "50", "g") is None


def accredit(report, number):
    """The KAN number of the unit the report's order belongs to (printed on its certificates)."""
    from units.models import Unit

    Unit.objects.filter(pk=report.order.unit_id).update(accreditation_number=number)


@pytest.fixture
def thermometer_report(order_at):
    """The demo thermometer (0, 50 and 100 °C) numbered: the demo scope of MK-SUH-01 stops at 80 °C."""
    return order_at("NUMBERED", lines=demo_lines(count_mass=0, count_temp=1)).reports.get()


def test_the_demo_thermometers_100_degree_point_is_outside_in_the_pdf_and_the_dcc(thermometer_report, tmp_path,
                                                                                   settings):
    accredit(thermometer_report, "LK-123-IDN")
    text = " ".join(pdf_text(render_report(thermometer_report, draft=False), tmp_path).split())
    assert text.count(OUTSIDE) == 2  # beside the one point, and in the note under the results
    assert "Terakreditasi" in text  # the other points are inside: the mark stays
    assert "(ILAC-P8)" in text

    doc = etree.fromstring(dcc.dcc_xml(thermometer_report))
    outside = []
    for result in doc.iterfind(".//dcc:measurementResult/dcc:results/dcc:result", NS):
        nominal = result.findtext("dcc:data/dcc:quantity[1]/si:real/si:value", namespaces=NS)
        declared = [d.text for d in result.iterfind(".//dcc:metaData/dcc:declaration/dcc:content", NS)]
        if "Outside the scope of accreditation" in declared:
            outside.append(nominal)
    assert outside == ["100"]
    statements = [s.findtext("dcc:norm", namespaces=NS) for s in doc.iterfind(".//dcc:statements/dcc:statement", NS)]
    assert dcc.SCOPE_NORM in statements


def test_no_accreditation_mark_when_every_result_is_outside(thermometer_report, tmp_path, settings):
    accredit(thermometer_report, "LK-123-IDN")
    AccreditationScope.objects.filter(method__code="MK-SUH-01").update(range_min=Decimal("200"),
                                                                      range_max=Decimal("250"))
    text = " ".join(pdf_text(render_report(thermometer_report, draft=False), tmp_path).split())
    assert "Terakreditasi" not in text and "LK-123-IDN" in text  # the note still names the scope's KAN number
    assert text.count(OUTSIDE) == 4


def test_a_balance_inside_the_scope_has_no_flag(order_at, tmp_path):
    report = order_at("NUMBERED", lines=demo_lines(count_mass=1, count_temp=0)).reports.get()
    assert OUTSIDE not in " ".join(pdf_text(render_report(report, draft=False), tmp_path).split())
    assert b"Outside the scope" not in dcc.dcc_xml(report)
