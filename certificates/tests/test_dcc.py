"""The Digital Calibration Certificate (DCC 3.3.0 XML) of a report: built from the report's data, valid
against PTB's schema with no network, every point with its D-SI unit, U, k and coverage probability."""
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from lxml import etree

from certificates import dcc

NS = {"dcc": dcc.DCC_NS, "si": dcc.SI_NS}


@pytest.fixture
def numbered(small_order_at):
    """A report numbered at step 17 on the demo road (results entered, verified and validated)."""
    return small_order_at("NUMBERED").reports.get()


def parsed(xml: bytes):
    return etree.fromstring(xml)


def test_demo_report_dcc_validates_and_carries_every_point(numbered):
    from certificates.content import results_of

    xml = dcc.dcc_xml(numbered)
    doc = parsed(xml)
    dcc.validate(xml)
    assert doc.get("schemaVersion") == "3.3.0"
    assert doc.findtext("dcc:administrativeData/dcc:coreData/dcc:uniqueIdentifier", namespaces=NS) == numbered.number
    core = doc.find("dcc:administrativeData/dcc:coreData", NS)
    assert core.findtext("dcc:countryCodeISO3166_1", namespaces=NS) == "ID"
    assert [e.text for e in core.findall("dcc:mandatoryLangCodeISO639_1", NS)] == ["id", "en"]
    assert core.findtext("dcc:receiptDate", namespaces=NS) == timezone.localdate(numbered.instrument.received_at).isoformat()
    assert core.find("dcc:issueDate", NS) is None  # not signed yet
    item = doc.find("dcc:administrativeData/dcc:items/dcc:item", NS)
    inst = numbered.instrument
    assert item.findtext("dcc:model", namespaces=NS) == inst.model
    idents = {i.findtext("dcc:issuer", namespaces=NS): i.findtext("dcc:value", namespaces=NS)
              for i in item.findall("dcc:identifications/dcc:identification", NS)}
    assert idents == {"manufacturer": inst.serial_number, "calibrationLaboratory": inst.sample_id}

    data = results_of(inst)
    expected = [(pt["nominal"], pt["mean_reading"], pt["correction"], pt["expanded_uncertainty"], pt["k"])
                for p in data["parameters"] for pt in p["points"]]
    assert expected and all(all(v for v in row) for row in expected)
    written = []
    for result in doc.iterfind("dcc:measurementResults/dcc:measurementResult/dcc:results/dcc:result", NS):
        reals = result.findall("dcc:data/dcc:quantity/si:real", NS)
        assert len(reals) == 3
        assert all(r.findtext("si:unit", namespaces=NS) == r"\gram" for r in reals)
        mu = reals[2].find("si:measurementUncertaintyUnivariate/si:expandedMU", NS)
        written.append((*(r.findtext("si:value", namespaces=NS) for r in reals),
                        mu.findtext("si:valueExpandedMU", namespaces=NS), mu.findtext("si:coverageFactor", namespaces=NS)))
        assert mu.findtext("si:coverageProbability", namespaces=NS) == "0.95"
    assert written == expected
    # the reference standards with their certificates, and the ambient conditions
    certs = doc.xpath("//dcc:measuringEquipment/dcc:certificate/dcc:referralID/text()", namespaces=NS)
    assert certs == [s["certificate_number"] for s in data["standards"]] and certs
    valid = doc.xpath("//dcc:measuringEquipment/dcc:certificate/dcc:inValidityRange/text()", namespaces=NS)
    assert valid == ["true" if s["valid_until"] >= data["calibration_date"] else "false" for s in data["standards"]]
    units = doc.xpath("//dcc:influenceCondition//si:unit/text()", namespaces=NS)
    assert units == [r"\degreecelsius", r"\percent"]
    for unit in set(doc.xpath("//si:unit/text()", namespaces=NS)):
        assert dcc.dsi_unit_problems(unit) == [], unit


def test_signed_report_names_the_head_of_centre_main_signer_with_the_issue_date(numbered, users):
    from certificates.models import Report

    head = users["kepala_balai"]
    Report.objects.filter(pk=numbered.pk).update(signer=head, signed_at=timezone.now())
    numbered.refresh_from_db()
    doc = parsed(dcc.dcc_xml(numbered))
    assert doc.findtext(".//dcc:coreData/dcc:issueDate", namespaces=NS) == timezone.localdate().isoformat()
    [main] = doc.xpath("//dcc:respPerson[dcc:mainSigner='true']", namespaces=NS)
    assert main.findtext("dcc:person/dcc:name/dcc:content", namespaces=NS) == head.full_name
    assert main.findtext("dcc:cryptElectronicSignature", namespaces=NS) == "true"
    roles = doc.xpath("//dcc:respPerson/dcc:role/text()", namespaces=NS)
    assert any("Analyst" in r for r in roles) and any("Supervisor" in r for r in roles)
    assert any("Technical manager" in r for r in roles)


def test_accreditation_code_and_method_reference(numbered, settings):
    from units.models import Unit

    Unit.objects.filter(pk=numbered.order.unit_id).update(accreditation_number="LK-123-IDN")  # the order's unit's
    doc = parsed(dcc.dcc_xml(numbered))
    lab = doc.find(".//dcc:calibrationLaboratory", NS)
    assert lab.findtext("dcc:calibrationLaboratoryCode", namespaces=NS) == "LK-123-IDN"
    assert lab.findtext("dcc:contact/dcc:name/dcc:content", namespaces=NS) == settings.BALAI_NAME
    method = numbered.instrument.result_sheet.method
    assert doc.findtext(".//dcc:usedMethod/dcc:norm", namespaces=NS) == method.reference


def test_a_dcc_without_coverage_factor_fails_with_the_schemas_message(numbered):
    root = dcc.build(numbered)
    factor = root.find(".//si:coverageFactor", NS)
    factor.getparent().remove(factor)
    with pytest.raises(dcc.DccError) as caught:
        dcc.validate(dcc.to_bytes(root))
    message = str(caught.value)
    assert "does not validate against schema 3.3.0" in message
    assert "Expected is ( {https://ptb.de/si}coverageFactor )" in message


def test_a_point_without_k_stops_the_dcc(numbered, monkeypatch):
    from certificates.content import results_of

    data = results_of(numbered.instrument)
    data["parameters"][0]["points"][0]["k"] = ""
    monkeypatch.setattr("certificates.content.results_of", lambda inst: data)
    with pytest.raises(dcc.DccError, match="coverageFactor"):
        dcc.dcc_xml(numbered)


def test_a_unit_without_dsi_notation_is_refused_by_name(numbered, monkeypatch):
    from certificates.content import results_of

    data = results_of(numbered.instrument)
    data["parameters"][0]["points"][0]["unit"] = "psi"
    monkeypatch.setattr("certificates.content.results_of", lambda inst: data)
    with pytest.raises(dcc.DccError, match="'psi' has no D-SI notation"):
        dcc.dcc_xml(numbered)


def test_a_unit_the_schema_takes_but_dsiunits_refuses_stops_the_dcc(numbered, monkeypatch):
    """The schema takes any string as si:unit; a misspelt D-SI unit is caught by dsiunits."""
    from certificates.content import results_of

    data = results_of(numbered.instrument)
    data["parameters"][0]["points"][0]["unit"] = r"\gramm"
    monkeypatch.setattr("certificates.content.results_of", lambda inst: data)
    with pytest.raises(dcc.DccError, match=r"unit \\gramm is not a clean D-SI unit: .*gramm"):
        dcc.dcc_xml(numbered)


def test_validation_needs_no_network():
    """Every schema file imports by a relative path (the parser has no network); a schema that imports
    D-SI by its official address is resolved to the local copy."""
    for path in dcc.SCHEMA_DIR.rglob("*.xsd"):
        tree = etree.parse(str(path), etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False))
        for location in tree.xpath("//xs:import/@schemaLocation", namespaces={"xs": "http://www.w3.org/2001/XMLSchema"}):
            assert not location.startswith(("http:", "https:")), (path, location)
    wrapper = (b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">'
               b'<xs:import namespace="https://ptb.de/si" schemaLocation="https://ptb.de/si/v2.2.1/SI_Format.xsd"/>'
               b'</xs:schema>')
    etree.XMLSchema(etree.fromstring(wrapper, dcc._parser(), base_url=str(dcc.SCHEMA_DIR) + "/"))
    example = (dcc.SCHEMA_DIR.parent.parent.parent / "shared/data/dcc/example-weight-1kg.xml")
    if example.exists():
        dcc.validate(example.read_bytes())


def test_every_unit_mapping_parses_cleanly_in_dsiunits():
    for unit, notation in dcc.DSI_UNITS.items():
        assert dcc.dsi_unit_problems(notation) == [], unit
    assert dcc.dsi_unit_problems(r"\gramm")


def catalogue():
    """(instrument type, method, unit) of the demo catalogue: every type with the methods serving it, and
    every unit a method or a reference standard uses."""
    from catalog.models import InstrumentType
    from metrology.models import CalibrationMethod, ReferenceStandard

    methods = list(CalibrationMethod.objects.prefetch_related("instrument_types"))
    units = sorted({m.unit for m in methods} | set(ReferenceStandard.objects.values_list("unit", flat=True)))
    combos = [(t, m) for m in methods for t in m.instrument_types.all()]
    served = {t.pk for t, _ in combos}
    combos += [(t, None) for t in InstrumentType.objects.exclude(pk__in=served)]
    return combos, units


def numbers(low, high, places):
    return st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=places,
                       allow_nan=False, allow_infinity=False).map(str)


point = st.fixed_dictionaries({
    "nominal": numbers(-200, 150000, 3), "readings": st.lists(numbers(-200, 150000, 5), min_size=1, max_size=5),
    "correction": numbers(-5, 5, 5), "expanded_uncertainty": numbers(0, 2, 5), "k": numbers(1, 4, 2),
    "stage": st.sampled_from(["", "before", "after"]), "conformity": st.sampled_from(["", "pass", "fail", "inconclusive"]),
})


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_property_every_type_method_and_unit_of_the_catalogue_gives_a_valid_dcc(numbered, monkeypatch, data):
    from results.numbers import mean_of

    combos, units = catalogue()
    assert len(units) >= 4 and len(combos) >= 10
    itype, method = data.draw(st.sampled_from(combos), label="type, method")
    unit = data.draw(st.sampled_from([method.unit] if method else units), label="unit")
    points = data.draw(st.lists(point, min_size=1, max_size=4), label="points")
    for pt in points:
        pt.update(unit=unit, mean_reading=mean_of(pt["readings"]))
    results = {"calibration_date": dt.date(2026, 11, 20), "temperature": data.draw(numbers(15, 30, 1)),
               "humidity": data.draw(numbers(30, 80, 0)), "analysts": ["Analis Satu"], "verified_by": "Penyelia",
               "validated_by": "MT", "method": f"{method.name} ({method.code})" if method else "",
               "standards": [], "tolerance": data.draw(st.sampled_from(["", "± 0.5"])), "decision_rule": "",
               "parameters": [{"name": "Penunjukan", "analyst": "Analis Satu", "points": points}]}
    monkeypatch.setattr("certificates.content.results_of", lambda inst: results)
    numbered.instrument.instrument_type = itype
    xml = dcc.dcc_xml(numbered)  # validates, or raises with the schema's message
    doc = parsed(xml)
    assert set(doc.xpath("//dcc:result//si:unit/text()", namespaces=NS)) == {dcc.DSI_UNITS[unit]}
    assert dcc.dsi_unit_problems(dcc.DSI_UNITS[unit]) == []
    assert len(doc.xpath("//si:expandedMU", namespaces=NS)) == len(points)
    assert doc.findtext(".//dcc:item/dcc:name/dcc:content", namespaces=NS) == itype.name


def test_every_type_and_method_of_the_catalogue_gives_a_valid_dcc(numbered, monkeypatch):
    """The property test draws at random; this walks each (type, method) pair of the catalogue once."""
    combos, units = catalogue()
    pt = {"nominal": "100", "readings": ["100.02", "100.04"], "mean_reading": "100.030", "correction": "-0.030",
          "expanded_uncertainty": "0.012", "k": "2.05", "stage": "", "conformity": ""}
    for itype, method in combos:
        for unit in [method.unit] if method else units:
            results = {"calibration_date": dt.date(2026, 11, 20), "temperature": "20.3", "humidity": "55",
                       "analysts": ["Analis Satu"], "parameters": [{"name": itype.parameters or "Penunjukan",
                                                                    "points": [{**pt, "unit": unit}]}]}
            monkeypatch.setattr("certificates.content.results_of", lambda inst, r=results: r)
            numbered.instrument.instrument_type = itype
            doc = parsed(dcc.dcc_xml(numbered))
            assert doc.findtext(".//dcc:result//si:unit", namespaces=NS) == dcc.DSI_UNITS[unit]


def test_command_prints_the_validated_dcc(numbered):
    out = io.StringIO()
    call_command("dcc", numbered.number, stdout=out)
    xml = out.getvalue().encode()
    dcc.validate(xml)
    assert parsed(xml).findtext(".//dcc:uniqueIdentifier", namespaces=NS) == numbered.number


def test_command_refuses_an_unknown_number(db):
    with pytest.raises(CommandError, match="no report numbered"):
        call_command("dcc", "9999/LHU/NONE/2026")
