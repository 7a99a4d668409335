"""The report's Digital Calibration Certificate: PTB's DCC XML, schema 3.3.0 (D-SI 2.2.1), built from the
same data as the PDF (certificates.content) and validated offline against the schema in `dcc_schema/`.

    xml = dcc_xml(report)            # bytes, validated; DccError (with the schema's message) otherwise
    xml = dcc_xml(report, issued_on=date)   # with the issue date (the signed certificate)

Every calibration point is four D-SI quantities (nominal, mean indication, correction, each `si:real` with
its D-SI unit) and the expanded uncertainty U written as the correction's `si:expandedMU` with its
coverage factor k and coverage probability 0.95. The catalogue's units (g, °C, bar, mL, ...) are mapped to
D-SI notation by DSI_UNITS; a unit without a mapping stops the DCC with a message naming it.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
import warnings
from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.utils import timezone, translation
from lxml import etree
from lxml.builder import ElementMaker

DCC_NS = "https://ptb.de/dcc"
SI_NS = "https://ptb.de/si"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_VERSION = "3.3.0"
SCHEMA_DIR = Path(__file__).resolve().parent / "dcc_schema"
SOFTWARE_NAME = "SIPPT Kalibrasi"
COVERAGE_PROBABILITY = "0.95"
LANGUAGES = ("id", "en")

# The catalogue's units in D-SI notation (D-SI 2.2.1; every one parses in the dsiunits package).
DSI_UNITS = {
    "kg": r"\kilogram", "g": r"\gram", "mg": r"\milli\gram", "µg": r"\micro\gram", "ug": r"\micro\gram",
    "t": r"\tonne",
    "°C": r"\degreecelsius", "ºC": r"\degreecelsius", "C": r"\degreecelsius", "K": r"\kelvin",
    "Pa": r"\pascal", "hPa": r"\hecto\pascal", "kPa": r"\kilo\pascal", "MPa": r"\mega\pascal",
    "bar": r"\bar", "mbar": r"\milli\bar",
    "L": r"\litre", "l": r"\litre", "mL": r"\milli\litre", "ml": r"\milli\litre", "µL": r"\micro\litre",
    "uL": r"\micro\litre", "µl": r"\micro\litre",
    "m": r"\metre", "cm": r"\centi\metre", "mm": r"\milli\metre", "µm": r"\micro\metre", "um": r"\micro\metre",
    "s": r"\second", "min": r"\minute", "h": r"\hour",
    "N": r"\newton", "kN": r"\kilo\newton", "N·m": r"\newton\metre", "Nm": r"\newton\metre",
    "V": r"\volt", "mV": r"\milli\volt", "A": r"\ampere", "mA": r"\milli\ampere", "Ω": r"\ohm", "ohm": r"\ohm",
    "Hz": r"\hertz", "%": r"\percent", "%RH": r"\percent", "% RH": r"\percent",
}

_DECIMAL = re.compile(r"[-+]?((\d*\.\d+)|(\d+\.\d*)|(\d+\.?))([Ee][-+]?\d+)?")

D = ElementMaker(namespace=DCC_NS, nsmap={"dcc": DCC_NS, "si": SI_NS, "xsi": XSI_NS})
S = ElementMaker(namespace=SI_NS, nsmap={"dcc": DCC_NS, "si": SI_NS, "xsi": XSI_NS})


class DccError(Exception):
    """The DCC cannot be built or does not validate; the message says what (the schema's own words)."""


# --- schema ------------------------------------------------------------------------------------------

class _LocalSchemas(etree.Resolver):
    """Resolves the imported schemas' official addresses to the copies in dcc_schema/ (never the network)."""

    NAMES: ClassVar[dict[str, str]] = {
        "SI_Format.xsd": "si/SI_Format.xsd", "xmldsig-core-schema.xsd": "d-sig/xmldsig-core-schema.xsd",
        "quantitykind.xsd": "si/qudt/quantitykind.xsd", "dcc.xsd": "dcc.xsd"}

    def resolve(self, url, pubid, context):
        name = (url or "").rsplit("/", 1)[-1]
        if url and url.startswith(("http://", "https://")) and name in self.NAMES:
            return self.resolve_filename(str(SCHEMA_DIR / self.NAMES[name]), context)
        return None


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_LocalSchemas())
    return parser


@functools.cache
def schema() -> etree.XMLSchema:
    """The DCC 3.3.0 schema, compiled once per process from the local files."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "dcc.xsd"), _parser()))


def validate(xml: bytes) -> None:
    """Raise DccError with the schema's messages when `xml` is not a valid DCC 3.3.0."""
    try:
        doc = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as error:
        raise DccError(f"DCC XML is not well-formed: {error}") from error
    checker = schema()
    if not checker.validate(doc):
        messages = "; ".join(f"line {e.line}: {e.message}" for e in checker.error_log)
        raise DccError(f"DCC does not validate against schema {SCHEMA_VERSION}: {messages}")


# --- units and numbers ------------------------------------------------------------------------------

def dsi_unit(unit: str) -> str:
    """The D-SI notation of a catalogue unit ("g" -> "\\gram"); DccError when there is none."""
    key = (unit or "").strip()
    if key.startswith("\\"):
        return key
    if key not in DSI_UNITS:
        raise DccError(f"unit {key!r} has no D-SI notation (certificates.dcc.DSI_UNITS)")
    return DSI_UNITS[key]


@functools.cache
def dsi_unit_problems(notation: str) -> list[str]:
    """What dsiunits objects to in a D-SI unit string ([] when it parses cleanly).

    dsiunits 3.1 emits a DeprecationWarning about `\\per` for every string it parses, with or without
    `\\per` (its check tests for a non-empty split); that one is ignored, every other warning counts."""
    from dsi_unit import DsiUnit

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        unit = DsiUnit(notation)
    problems = list(unit.warnings)
    has_per = re.search(r"\\per(?!cent)", notation) is not None
    problems += [str(w.message) for w in caught if not (issubclass(w.category, DeprecationWarning)
                                                        and "\\per" in str(w.message) and not has_per)]
    if not unit.valid and not problems:
        problems.append(f"{notation} is not a valid D-SI unit")
    return list(dict.fromkeys(problems))


def _number(value, what: str) -> str:
    text = str(value if value is not None else "").strip().replace(",", ".")
    if not _DECIMAL.fullmatch(text):
        raise DccError(f"{what}: {value!r} is not a number")
    return text


# --- building ----------------------------------------------------------------------------------------

def _text(*contents, tag="name"):
    """A dcc textType: one `content` per (lang, text) pair, or a single text without a language."""
    element = getattr(D, tag)()
    for item in contents:
        lang, text = item if isinstance(item, tuple) else (None, item)
        if text:
            element.append(D.content(text, lang=lang) if lang else D.content(text))
    return element


def _both(id_text: str, en_text: str, tag="name"):
    return _text(("id", id_text), ("en", en_text), tag=tag)


def _location(address: str):
    return D.location(*( [D.further(D.content(address))] if address else []), D.countryCode("ID"))


def _real(value: str, unit: str, *, label: str = "", uncertainty: str = "", k: str = "", with_unc=False):
    parts = [S.label(label)] if label else []
    parts += [S.value(value), S.unit(unit)]
    if with_unc:
        mu = [S.valueExpandedMU(uncertainty)]
        if k:
            mu.append(S.coverageFactor(k))
        mu.append(S.coverageProbability(COVERAGE_PROBABILITY))
        parts.append(S.measurementUncertaintyUnivariate(S.expandedMU(*mu)))
    return S.real(*parts)


def _quantity(id_name, en_name, real, *extra):
    return D.quantity(_both(id_name, en_name), real, *extra)


@functools.cache
def software_release() -> str:
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as fh:
            return tomllib.load(fh)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0"


def _person(name: str, role: str, description=None, *, main=False, esign=False):
    parts = [D.person(_text(name))]
    if description is not None:
        parts.append(description)
    parts.append(D.role(role))
    if main:
        parts += [D.mainSigner("true"), D.cryptElectronicSignature("true" if esign else "false")]
    return D.respPerson(*parts)


def _point_result(param_name: str, index: int, point: dict):
    where = f"{param_name}, titik {index}"
    unit = dsi_unit(point.get("unit", ""))
    stage = {"before": (" (sebelum penyetelan)", " (before adjustment)"),
             "after": (" (sesudah penyetelan)", " (after adjustment)")}.get(point.get("stage") or "", ("", ""))
    quantities = [
        _quantity("Nilai nominal", "Nominal value", _real(_number(point["nominal"], f"{where}: nominal"), unit)),
        _quantity("Rata-rata penunjukan alat", "Mean indication",
                  _real(_number(point["mean_reading"], f"{where}: mean reading"), unit)),
    ]
    uncertainty = str(point.get("expanded_uncertainty") or "").strip()
    k = str(point.get("k") or "").strip()
    meta = [m for m in (_conformity(point.get("conformity") or ""), _outside_scope(point)) if m is not None]
    quantities.append(_quantity(
        "Koreksi", "Correction",
        _real(_number(point["correction"], f"{where}: correction"), unit,
              uncertainty=_number(uncertainty, f"{where}: U") if uncertainty else "",
              k=_number(k, f"{where}: k") if k else "", with_unc=bool(uncertainty)),
        *([D.measurementMetaData(*meta)] if meta else [])))
    return D.result(_both(f"Titik {index}{stage[0]}", f"Point {index}{stage[1]}"), D.data(*quantities))


def _conformity(value: str):
    """The point's statement of conformity as a metaData (none where no tolerance was given)."""
    if value in ("pass", "fail"):
        return D.metaData(_both("Pernyataan kesesuaian", "Statement of conformity"), D.conformity(value))
    if value == "inconclusive":
        return D.metaData(_both("Pernyataan kesesuaian", "Statement of conformity"),
                          _both("Tidak dapat disimpulkan", "Inconclusive", tag="declaration"))
    return None


SCOPE_NORM = "ILAC-P8:12/2019"
OUTSIDE_SCOPE = ("Di luar ruang lingkup akreditasi", "Outside the scope of accreditation")


def _outside_scope(point: dict):
    """ILAC-P8: a point the laboratory's KAN scope does not cover says so (metrology.scope)."""
    if not point.get("outside_scope"):
        return None
    return D.metaData(_both("Ruang lingkup akreditasi", "Scope of accreditation"), D.norm(SCOPE_NORM),
                      _both(*OUTSIDE_SCOPE, tag="declaration"), D.valid("false"))


def _condition(id_name, en_name, value: str, unit: str):
    text = (value or "").strip().replace(",", ".")
    data = (D.data(D.quantity(_real(text, unit))) if _DECIMAL.fullmatch(text)
            else D.data(D.text(D.content(value.strip()))))
    return D.influenceCondition(_both(id_name, en_name), data)


def _local_date(value) -> dt.date | None:
    if value is None:
        return None
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


def build(report, *, issued_on: dt.date | None = None, signer=None):
    """The DCC of `report` as an lxml element (not yet validated); `signer` (a user) is the main signer
    when given, else the report's or the order's signer."""
    from certificates.content import DEFAULT_TRACEABILITY, scoped_results
    from certificates.delegation import signer_position
    from results.models import ResultSheet
    from units.letterhead import unit_of

    inst, order = report.instrument, report.order
    unit = unit_of(order)  # the calibration laboratory is the order's unit
    data = scoped_results(inst)
    sheet = ResultSheet.objects.select_related("method").filter(instrument=inst).first()
    method = sheet.method if sheet else None
    issued_on = issued_on or _local_date(report.signed_at)
    calibrated_on = data.get("calibration_date")
    if not calibrated_on:
        raise DccError(f"{report.number}: the calibration date is not entered")

    core = [D.countryCodeISO3166_1("ID"),
            *[D.usedLangCodeISO639_1(lang) for lang in LANGUAGES],
            *[D.mandatoryLangCodeISO639_1(lang) for lang in LANGUAGES],
            D.uniqueIdentifier(report.number)]
    if order.number:
        core.append(D.identifications(D.identification(
            D.issuer("calibrationLaboratory"), D.value(order.number), _both("Nomor order", "Order number"))))
    received = _local_date(inst.received_at)
    if received:
        core.append(D.receiptDate(received.isoformat()))
    core += [D.beginPerformanceDate(calibrated_on.isoformat()), D.endPerformanceDate(calibrated_on.isoformat()),
             D.performanceLocation("laboratory")]
    if issued_on:
        core.append(D.issueDate(issued_on.isoformat()))
    if report.replaces_id:
        core.append(D.reportAmendedSubstituted(D.typeOfChange("substituted"),
                                               D.replacedUniqueIdentifier(report.replaces.number)))

    itype = inst.instrument_type
    idents = [D.identification(D.issuer("manufacturer"), D.value(inst.serial_number),
                               _both("Nomor seri", "Serial number"))]
    if inst.sample_id:
        idents.append(D.identification(D.issuer("calibrationLaboratory"), D.value(inst.sample_id),
                                       _both("Nomor sampel", "Sample ID")))
    if (getattr(inst, "customer_identification", "") or "").strip():
        idents.append(D.identification(D.issuer("customer"), D.value(inst.customer_identification.strip()),
                                       _both("Identifikasi pelanggan", "Customer's identification")))
    item = [_both(itype.name, itype.name_en or itype.name)]
    description = [("id", f"Kapasitas/rentang: {inst.capacity}")] if inst.capacity else []
    if inst.resolution:
        description.append(("id", f"Resolusi: {inst.resolution}"))
    if description:
        item.append(_text(*description, tag="description"))
    if inst.brand:
        item.append(D.manufacturer(_text(inst.brand)))
    if inst.model:
        item.append(D.model(inst.model))
    item.append(D.identifications(*idents))

    lab = [D.calibrationLaboratoryCode(unit.accreditation_number)] if unit.accreditation_number else []
    lab += [D.contact(_text(unit.name), _location(unit.address)),
            D.cryptElectronicSignature("true")]

    persons = [_person(name, "Analis (pelaksana kalibrasi) / Analyst") for name in data.get("analysts") or []]
    if data.get("verified_by"):
        persons.append(_person(data["verified_by"], "Penyelia (verifikasi) / Supervisor"))
    if data.get("validated_by"):
        persons.append(_person(data["validated_by"], "Manajer Teknis (validasi) / Technical manager"))
    signer = signer or report.signer or order.signer
    if signer is not None:
        position = report.signer_position or signer_position(signer, issued_on, unit)
        persons.append(_person(getattr(signer, "full_name", "") or signer.get_username(),
                               "Kepala Balai / Head of the centre",
                               _text(position, tag="description") if position else None, main=True, esign=True))
    if not persons:
        raise DccError(f"{report.number}: no responsible person (analyst, supervisor, technical manager, signer)")

    company = order.company
    admin = D.administrativeData(
        D.dccSoftware(D.software(_text(SOFTWARE_NAME), D.release(software_release()), D.type("application"))),
        D.coreData(*core), D.items(D.item(*item)), D.calibrationLaboratory(*lab), D.respPersons(*persons),
        D.customer(_text(company.name), _location(company.address)),
        D.statements(*_statements(data, sheet, DEFAULT_TRACEABILITY)))

    results = []
    if data.get("method"):  # as the PDF names it: "name (code)", with the method's normative reference
        same = method is not None and data["method"] == f"{method.name} ({method.code})" and method.reference
        results.append(D.usedMethods(D.usedMethod(_text(data["method"]),
                                                  *([D.norm(method.reference)] if same else []))))
    standards = data.get("standards") or []
    if standards:
        results.append(D.measuringEquipments(*[_equipment(s, calibrated_on) for s in standards]))
    conditions = [c for c in (
        _condition("Suhu lingkungan", "Ambient temperature", data.get("temperature", ""), r"\degreecelsius")
        if data.get("temperature") else None,
        _condition("Kelembapan relatif", "Relative humidity", data.get("humidity", ""), r"\percent")
        if data.get("humidity") else None) if c is not None]
    if conditions:
        results.append(D.influenceConditions(*conditions))
    for param in data.get("parameters") or []:
        points = [_point_result(param["name"], i, pt) for i, pt in enumerate(param.get("points") or [], 1)]
        if not points:
            raise DccError(f"{report.number}: {param['name']} has no calibration point")
        results.append(D.measurementResult(_text(("id", param["name"])), D.results(*points)))
    if not data.get("parameters"):
        raise DccError(f"{report.number}: no measurement result")

    root = D.digitalCalibrationCertificate(admin, D.measurementResults(*results), schemaVersion=SCHEMA_VERSION)
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{DCC_NS} https://ptb.de/dcc/v{SCHEMA_VERSION}/dcc.xsd")
    return root


def _statements(data: dict, sheet, default_traceability: str) -> list:
    traceability = settings.TRACEABILITY_STATEMENT
    declaration = [("id", traceability)]
    if traceability == default_traceability:
        declaration.append(("en", ("The calibration results are traceable to the International System of Units "
                                   "(SI) through national standards (KAN/SNSU BSN).")))
    statements = [D.statement(_both("Ketertelusuran", "Metrological traceability"), D.traceable("true"),
                              _text(*declaration, tag="declaration"))]
    tolerance = data.get("tolerance") or ""
    if tolerance:
        from results.api import decision_rule_sentence

        rule_code, limit = (sheet.decision_rule, sheet.tolerance_value) if sheet else ("", "")
        with translation.override("en"):
            rule_en = decision_rule_sentence(rule_code, limit) or "Decision rule: simple acceptance (ILAC-G8:09/2019)."
        rule = data.get("decision_rule") or "Aturan keputusan: penerimaan sederhana (ILAC-G8:09/2019)."
        statements.append(D.statement(
            _both("Aturan keputusan dan pernyataan kesesuaian", "Decision rule and statement of conformity"),
            D.norm("ILAC-G8:09/2019"),
            _both(f"Toleransi diminta pelanggan: {tolerance}. {rule}",
                  f"Tolerance requested by the customer: {tolerance}. {rule_en}", tag="declaration")))
    if data.get("any_outside_scope"):
        statements.append(_scope_statement(data))
    return statements


def _scope_statement(data: dict):
    """ILAC-P8: which results lie outside the laboratory's KAN accreditation scope."""
    where = [f"{param['name']} {i}" for param in data.get("parameters") or []
             for i, pt in enumerate(param.get("points") or [], 1) if pt.get("outside_scope")]
    kan = ", ".join(data.get("kan_numbers") or [])
    listed = "; ".join(where)
    return D.statement(
        _both("Ruang lingkup akreditasi", "Scope of accreditation"), D.norm(SCOPE_NORM),
        _both(f"Hasil berikut di luar ruang lingkup akreditasi KAN {kan}; tanda akreditasi tidak berlaku untuknya "
              f"(titik): {listed}.",
              f"The following results are outside the scope of the KAN accreditation {kan}; the accreditation mark "
              f"does not apply to them (point): {listed}.", tag="declaration"))


def _equipment(standard: dict, used_on: dt.date):
    """A reference standard; `inValidityRange`: its certificate was valid on the day of calibration."""
    parts = [_text(standard["name"])]
    if standard.get("certificate_number"):
        parts.append(D.certificate(
            _text(standard.get("issuer") or standard["certificate_number"], tag="referral"),
            D.referralID(standard["certificate_number"]), D.procedure("certificate number"),
            D.value(standard["certificate_number"]),
            *([_text(standard["traceability"], tag="description")] if standard.get("traceability") else []),
            *([D.inValidityRange("true" if standard["valid_until"] >= used_on else "false")]
              if standard.get("valid_until") else []),
            D.traceable("true")))
    if standard.get("identification"):
        parts.append(D.identifications(D.identification(
            D.issuer("calibrationLaboratory"), D.value(standard["identification"]),
            _both("Identifikasi standar", "Standard's identification"))))
    return D.measuringEquipment(*parts)


def to_bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def dcc_xml(report, *, issued_on: dt.date | None = None, signer=None) -> bytes:
    """The report's DCC 3.3.0 XML, validated against the schema and every `si:unit` by dsiunits (DccError
    otherwise)."""
    with translation.override("id"):  # as the PDF: Indonesian first, English beside it
        root = build(report, issued_on=issued_on, signer=signer)
    xml = to_bytes(root)
    validate(xml)
    for unit in sorted(set(root.xpath("//si:unit/text()", namespaces={"si": SI_NS}))):
        problems = dsi_unit_problems(unit)
        if problems:  # the schema takes any string as a unit; D-SI does not
            raise DccError(f"unit {unit} is not a clean D-SI unit: {'; '.join(problems)}")
    return xml
