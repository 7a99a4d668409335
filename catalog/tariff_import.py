"""Import of PNBP tariffs from an Excel sheet: read and check every row first (the preview), then apply
all rows in one transaction, or none.

A new tariff never edits a price in place: it opens a new validity period and closes the period of the
tariff in force the day before. Instrument types that do not exist yet are created.

Tariffs are national; what each unit offers is assigned by the optional column “Unit”: the codes of the
units that offer the row's instrument type, separated by commas, each optionally followed by “:” and the
code of that unit's laboratory that calibrates it (e.g. “bspji-makassar:mks-kalibrasi, bspji-jayapura”).
Without a laboratory code the row's laboratory is taken when it belongs to that unit, else the unit's only
laboratory. The import adds or moves offerings and removes none (the admin's “Layanan unit” does). Without
the column a new instrument type is offered by the unit of its laboratory, and existing offerings stay.
"""
from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from dataclasses import field as dc_field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from catalog.models import Field, InstrumentType, Laboratory, Regulation, Tariff, TariffUnit, UnitOffering
from catalog.regulations import regulation_number
from core.zipcheck import check_zip

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
MAX_AMOUNT = 10**12  # Rp 1 trillion: anything above is a typing error
# Sheet columns: header text (case-insensitive) -> key. The first sheet, first row holds the headers.
COLUMNS = {
    "kode": "code",
    "bidang": "field",
    "laboratorium": "laboratory",
    "jenis alat": "instrument_type",
    "rentang": "range_label",
    "parameter": "parameters",
    "satuan": "unit",
    "tarif": "amount",
    "dasar hukum": "legal_basis",
    "berlaku mulai": "valid_from",
    "unit": "units",  # optional: the units offering the type (see above)
}
REQUIRED = ["code", "field", "laboratory", "instrument_type", "unit", "amount", "legal_basis", "valid_from"]
UNIT_WORDS = {
    "per alat": TariffUnit.INSTRUMENT, "alat": TariffUnit.INSTRUMENT, "instrument": TariffUnit.INSTRUMENT,
    "per instrument": TariffUnit.INSTRUMENT,
    "per titik/kanal": TariffUnit.POINT, "per titik": TariffUnit.POINT, "per kanal": TariffUnit.POINT,
    "titik": TariffUnit.POINT, "kanal": TariffUnit.POINT, "point": TariffUnit.POINT, "per channel": TariffUnit.POINT,
}


@dataclass
class TariffRow:
    row: int  # the row number as Excel shows it
    code: str
    field_id: int
    laboratory_id: int
    instrument_type: str
    range_label: str
    parameters: str
    unit: str
    amount: int
    legal_basis: str  # the regulation's number, as resolved
    valid_from: str  # ISO date, so the preview can be kept in the session
    regulation_id: int | None = None
    instrument_type_id: int | None = None  # None: a new instrument type is created
    replaces_amount: int | None = None  # the amount of the tariff this row closes, for the preview
    units: str = ""  # the column “Unit” as written, checked again when the rows are applied
    offerings: list = dc_field(default_factory=list)  # [(unit id, laboratory id)] the row assigns
    offered_by: str = ""  # the units' short names, for the preview

    @property
    def label(self) -> str:
        return f"{self.instrument_type} {self.range_label}".strip()


@dataclass
class Preview:
    rows: list[TariffRow]
    errors: list[str]

    def as_session(self) -> list[dict]:
        return [asdict(r) for r in self.rows]


def template_workbook() -> bytes:
    """An empty sheet with the expected headers and one example row, through the system's one Excel
    writer (management.xlsx)."""
    from management.tables import Column
    from management.writers import ExcelMoments
    from management.xlsx import SheetWriter
    from units.current import default_unit

    out = io.BytesIO()
    columns = [Column(h.title(), "date" if h == "berlaku mulai" else "text") for h in COLUMNS]
    sheet = SheetWriter(out, "Tarif", columns, ExcelMoments().serial)
    sheet.append(["KAL-100", "Massa", "mass-volume", "Neraca analitik", "", "Repeatabilitas, Eksentrisitas",
                  "per alat", 300000, "PP 54/2021", date.today().replace(month=1, day=1), default_unit().code])
    sheet.close()
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _cell(n: int, column: str, message: str) -> str:
    return _("Baris %(row)s, kolom “%(col)s”: %(msg)s") % {"row": n, "col": column, "msg": message}


def _parse_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _parse_amount(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _text(value).replace("Rp", "").replace(".", "").replace(" ", "")
    return int(text) if text.isdigit() else None


def _find(model, text: str):
    """A field or laboratory by its code or name, case-insensitive."""
    return model.objects.filter(Q(code__iexact=text) | Q(name__iexact=text)).first()


def _offerings(n: int, column: str, text: str, lab, row_errors: list) -> list[tuple[int, int]]:
    """The (unit id, laboratory id) pairs the column “Unit” names; errors naming the row for an unknown or
    inactive unit, or a laboratory that is not the unit's."""
    from units.models import Unit

    pairs = []
    for part in [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]:
        unit_code, _sep, lab_code = (x.strip() for x in part.partition(":"))
        unit = Unit.objects.filter(code__iexact=unit_code, is_active=True).first()
        if unit is None:
            row_errors.append(_cell(n, column, _("unit “%(v)s” tidak dikenal atau tidak aktif.") % {"v": unit_code}))
            continue
        if lab_code:
            chosen = Laboratory.objects.filter(unit=unit).filter(Q(code__iexact=lab_code) | Q(name__iexact=lab_code)).first()
            if chosen is None:
                row_errors.append(_cell(n, column, _("laboratorium “%(lab)s” bukan milik unit %(unit)s.")
                                        % {"lab": lab_code, "unit": unit.code}))
                continue
        elif lab is not None and lab.unit_id == unit.pk:
            chosen = lab
        else:
            labs = list(Laboratory.objects.filter(unit=unit)[:2])
            if len(labs) != 1:
                row_errors.append(_cell(n, column, _("tuliskan laboratorium unit %(unit)s yang mengkalibrasi, "
                                                     "mis. %(unit)s:kode-laboratorium.") % {"unit": unit.code}))
                continue
            chosen = labs[0]
        pairs.append((unit.pk, chosen.pk))
    return pairs


def read_sheet(upload) -> list[tuple[int, dict]]:
    """The data rows of the first sheet as (row number, {key: value}); ValidationError for a file that
    is not a readable .xlsx or lacks a column."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if upload.size > MAX_BYTES:
        raise ValidationError(_("Berkas terlalu besar (paling besar 5 MB)."))
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        raise ValidationError(_("Berkas bukan lembar kerja Excel (.xlsx)."))
    check_zip(upload)  # refuse a "zip bomb" before openpyxl unpacks it
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError, TypeError):
        raise ValidationError(_("Berkas Excel tidak dapat dibaca. Simpan ulang sebagai .xlsx lalu coba lagi.")) from None
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None) or ()
        keys = [COLUMNS.get(_text(h).lower()) for h in header]
        missing = [h for h, key in COLUMNS.items() if key in REQUIRED and key not in keys]
        if missing:
            raise ValidationError(_("Baris 1: kolom berikut tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})
        data = []
        for n, values in enumerate(rows, 2):
            if values is None or all(v is None or _text(v) == "" for v in values):
                continue
            if len(data) >= MAX_ROWS:
                raise ValidationError(_("Paling banyak %(n)s baris tarif per impor.") % {"n": MAX_ROWS})
            data.append((n, {key: v for key, v in zip(keys, values, strict=False) if key}))
        return data
    finally:
        wb.close()


def check_rows(data: list[tuple[int, dict]]) -> Preview:
    """Every row checked against the catalogue as it is now; errors name the row and the column."""
    names = {key: header.title() for header, key in COLUMNS.items()}
    rows, errors, seen, regulations = [], [], {}, {}
    for n, values in data:
        row_errors = []
        text = {key: _text(values.get(key)) for key in COLUMNS.values()}
        for key in REQUIRED:
            if not text[key]:
                row_errors.append(_cell(n, names[key], _("wajib diisi.")))
        field = _find(Field, text["field"]) if text["field"] else None
        if text["field"] and field is None:
            row_errors.append(_cell(n, names["field"], _("bidang “%(v)s” tidak dikenal.") % {"v": text["field"]}))
        lab = _find(Laboratory, text["laboratory"]) if text["laboratory"] else None
        if text["laboratory"] and lab is None:
            row_errors.append(_cell(n, names["laboratory"],
                                    _("laboratorium “%(v)s” tidak dikenal.") % {"v": text["laboratory"]}))
        unit = UNIT_WORDS.get(text["unit"].lower())
        if text["unit"] and unit is None:
            row_errors.append(_cell(n, names["unit"], _("tulis “per alat” atau “per titik/kanal”.")))
        amount = _parse_amount(values.get("amount"))
        if text["amount"] and (amount is None or amount < 0 or amount > MAX_AMOUNT):
            row_errors.append(_cell(n, names["amount"],
                                    _("“%(v)s” bukan bilangan bulat rupiah, mis. 300000.") % {"v": text["amount"]}))
        valid_from = _parse_date(values.get("valid_from"))
        if text["valid_from"] and valid_from is None:
            row_errors.append(_cell(n, names["valid_from"],
                                    _("“%(v)s” bukan tanggal (tulis 2026-01-01).") % {"v": text["valid_from"]}))
        for key, limit in (("code", 30), ("instrument_type", 150), ("range_label", 100), ("legal_basis", 150),
                           ("parameters", 300), ("units", 300)):
            if len(text[key]) > limit:
                row_errors.append(_cell(n, names[key], _("paling panjang %(n)s karakter.") % {"n": limit}))
        regulation = _regulation(n, names["legal_basis"], text["legal_basis"], valid_from, row_errors, regulations)
        offerings = _offerings(n, names["units"], text["units"], lab, row_errors) if text["units"] else []
        itype = None
        if field is not None and text["instrument_type"]:
            itype = InstrumentType.objects.filter(field=field, name__iexact=text["instrument_type"],
                                                  range_label__iexact=text["range_label"]).first()
            if itype is None and not text["parameters"]:
                row_errors.append(_cell(n, names["parameters"], _("wajib diisi untuk jenis alat baru.")))
            key = (field.pk, text["instrument_type"].lower(), text["range_label"].lower())
            if key in seen:
                row_errors.append(_cell(n, names["instrument_type"],
                                        _("jenis alat ini sudah ada di baris %(r)s.") % {"r": seen[key]}))
            seen.setdefault(key, n)
        replaces = None
        if itype is not None and valid_from is not None:
            later = itype.tariffs.filter(valid_from__gte=valid_from).order_by("valid_from").first()
            if later is not None:
                row_errors.append(_cell(n, names["valid_from"], _(
                    "sudah ada tarif %(code)s yang berlaku mulai %(d)s; tarif baru harus berlaku sesudahnya.")
                    % {"code": later.code, "d": later.valid_from.isoformat()}))
            replaces = itype.current_tariff(valid_from)
        if row_errors:
            errors.extend(row_errors)
            continue
        rows.append(TariffRow(
            row=n, code=text["code"], field_id=field.pk, laboratory_id=lab.pk, instrument_type=text["instrument_type"],
            range_label=text["range_label"], parameters=text["parameters"], unit=unit, amount=amount,
            legal_basis=regulation.number, valid_from=valid_from.isoformat(), regulation_id=regulation.pk,
            instrument_type_id=itype.pk if itype else None, replaces_amount=replaces.amount if replaces else None,
            units=text["units"], offerings=offerings, offered_by=_unit_names(offerings),
        ))
    if not data:
        errors.append(_("Lembar kerja tidak berisi baris tarif."))
    return Preview(rows=rows, errors=errors)


def _unit_names(offerings) -> str:
    from units.models import Unit

    if not offerings:
        return ""
    names = dict(Unit.objects.filter(pk__in=[u for u, _lab in offerings]).values_list("pk", "short_name"))
    return ", ".join(names.get(u, "") for u, _lab in offerings)


def _regulation(n, column, text, valid_from, row_errors, known):
    """The Regulation row the legal-basis text names, in force on the tariff's first day; None with an
    error naming the row when it is not registered or not in force then."""
    if not text:
        return None
    number = regulation_number(text)
    if number not in known:
        known[number] = Regulation.objects.filter(number__iexact=number).first()
    regulation = known[number]
    if regulation is None:
        row_errors.append(_cell(n, column, _("peraturan “%(v)s” belum terdaftar; tambahkan dahulu di menu "
                                             "Peraturan tarif.") % {"v": number}))
    elif valid_from is not None and not regulation.in_force_on(valid_from):
        row_errors.append(_cell(n, column, _("%(reg)s tidak berlaku pada %(d)s.")
                                % {"reg": regulation.number, "d": valid_from.isoformat()}))
        return None
    return regulation


def preview_upload(upload) -> Preview:
    return check_rows(read_sheet(upload))


def apply_rows(user, stored: list[dict]) -> int:
    """Write the previewed rows in one transaction. Every row is checked again against the catalogue as
    it is at this moment; a single error writes nothing."""
    from workflow.engine import record

    with transaction.atomic():
        # Tariffs of the same instrument type are serialised by locking the types touched.
        type_ids = [r["instrument_type_id"] for r in stored if r.get("instrument_type_id")]
        list(InstrumentType.objects.select_for_update().filter(pk__in=type_ids))
        data = []
        for r in stored:
            data.append((r["row"], {
                "code": r["code"], "field": Field.objects.get(pk=r["field_id"]).code,
                "laboratory": Laboratory.objects.get(pk=r["laboratory_id"]).code,
                "instrument_type": r["instrument_type"], "range_label": r["range_label"],
                "parameters": r["parameters"], "unit": r["unit"].lower(), "amount": r["amount"],
                "legal_basis": r["legal_basis"], "valid_from": r["valid_from"], "units": r.get("units", ""),
            }))
        preview = check_rows(data)
        if preview.errors:
            raise ValidationError(preview.errors)
        for row in preview.rows:
            start = date.fromisoformat(row.valid_from)
            if row.instrument_type_id is None:
                itype = InstrumentType.objects.create(
                    field_id=row.field_id, laboratory_id=row.laboratory_id, name=row.instrument_type,
                    range_label=row.range_label, parameters=row.parameters)
            else:
                itype = InstrumentType.objects.select_for_update().get(pk=row.instrument_type_id)
                # Close every period still open on the new start date.
                itype.tariffs.filter(valid_from__lt=start).filter(
                    Q(valid_until__isnull=True) | Q(valid_until__gte=start)).update(valid_until=start - timedelta(days=1))
            Tariff.objects.create(instrument_type=itype, code=row.code, unit=row.unit, amount=row.amount,
                                  regulation_id=row.regulation_id, valid_from=start)
            for unit_id, lab_id in row.offerings:
                UnitOffering.objects.update_or_create(unit_id=unit_id, instrument_type=itype,
                                                      defaults={"laboratory_id": lab_id})
        record("catalog.import_tariffs", user, "ADMIN",
               note=_("%(n)s tarif diimpor dari Excel.") % {"n": len(preview.rows)},
               data={"rows": [{"row": r.row, "code": r.code, "amount": r.amount, "from": r.valid_from,
                               **({"units": r.units} if r.units else {})} for r in preview.rows]})
    return len(preview.rows)
