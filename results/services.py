"""Calibration results, steps 14-16: the analyst enters and submits, the supervisor verifies, the
technical manager validates; each check can send the work back with a comment.

Separation of duties (ISO/IEC 17025): whoever entered a result may neither verify nor validate it,
and whoever verified it may not validate it. The rule is checked here, not only in the pages.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lab.models import Parameter
from lab.services import settle_order
from orders.models import Instrument, Order
from results import numbers
from results.models import FIELD_LABELS, CalibrationPoint, CommentKind, ResultChange, ResultComment, ResultSheet
from workflow.engine import TransitionNotAllowed, apply, authorize, lock

MAX_POINTS_PER_PARAMETER = 100
POINT_FIELDS = ["nominal", "readings", "correction", "expanded_uncertainty", "unit", "coverage_factor"]
SHEET_FIELDS = ["calibration_date", "temperature", "humidity"]
DEFAULT_K = "2"


def field_labels() -> dict[str, str]:
    return {name: str(label) for name, label in FIELD_LABELS.items()}


@dataclass
class PointInput:
    """One row of the grid as typed: raw text, checked by `save_results`."""

    parameter_id: int
    row_number: int
    point_id: int | None = None
    nominal: str = ""
    readings: str = ""
    correction: str = ""
    expanded_uncertainty: str = ""
    unit: str = ""
    coverage_factor: str = ""

    @property
    def blank(self) -> bool:
        """Nothing measured typed (unit and k come prefilled): the row is ignored, or its point removed."""
        return not any(str(getattr(self, f) or "").strip()
                       for f in ("nominal", "readings", "correction", "expanded_uncertainty"))


@dataclass
class SheetInput:
    calibration_date: date | None = None
    temperature: str = ""
    humidity: str = ""


def sheet_of(instrument: Instrument) -> ResultSheet:
    """The instrument's result sheet; an unsaved empty one before anything was entered."""
    return ResultSheet.objects.filter(instrument=instrument).first() or ResultSheet(instrument=instrument)


def entrants_of(instrument: Instrument, sheet: ResultSheet | None = None) -> set[int]:
    """Ids of everyone who entered, changed or submitted a result of the instrument."""
    ids = set(CalibrationPoint.objects.filter(parameter__instrument=instrument).values_list("entered_by_id", flat=True))
    ids |= set(ResultChange.objects.filter(instrument=instrument).values_list("changed_by_id", flat=True))
    sheet = sheet or sheet_of(instrument)
    if sheet.submitted_by_id:
        ids.add(sheet.submitted_by_id)
    return ids


def _clean_row(row: PointInput, label: str) -> tuple[dict, list[str]]:
    """The row's values, normalised, and the problems found (each naming the row and the field)."""
    names, errors, values = field_labels(), [], {}

    def where(field):
        return f"{label}, {names[field]}"

    for field in ("nominal", "correction", "expanded_uncertainty", "coverage_factor"):
        try:
            values[field] = numbers.parse_decimal(getattr(row, field), where(field))
        except ValidationError as exc:
            errors.extend(exc.messages)
    try:
        values["readings"] = numbers.split_readings(row.readings, where("readings"))
    except ValidationError as exc:
        errors.extend(exc.messages)
    values["unit"] = (row.unit or "").strip()
    if len(values["unit"]) > 20:
        errors.append(_("%(where)s: paling panjang 20 karakter.") % {"where": where("unit")})
    if errors:
        return values, errors
    if not values["nominal"]:
        errors.append(_("%(where)s wajib diisi.") % {"where": where("nominal")})
    if not values["readings"]:
        errors.append(_("%(where)s: isi sedikitnya satu pembacaan.") % {"where": where("readings")})
    elif len(values["readings"]) > 50:
        errors.append(_("%(where)s: paling banyak 50 pembacaan.") % {"where": where("readings")})
    if not numbers.is_positive(values["expanded_uncertainty"]):
        errors.append(_("%(where)s harus lebih besar dari nol.") % {"where": where("expanded_uncertainty")})
    values["coverage_factor"] = values["coverage_factor"] or DEFAULT_K
    if not numbers.in_range(values["coverage_factor"], "1", "10"):
        errors.append(_("%(where)s harus antara 1 dan 10.") % {"where": where("coverage_factor")})
    return values, errors


def _clean_sheet(data: SheetInput) -> tuple[dict, list[str]]:
    names, errors, values = field_labels(), [], {"calibration_date": data.calibration_date}
    if data.calibration_date and data.calibration_date > timezone.localdate():
        errors.append(_("Tanggal kalibrasi tidak boleh di masa depan."))
    for field, low, high in (("temperature", "-40", "80"), ("humidity", "0", "100")):
        try:
            values[field] = numbers.parse_decimal(getattr(data, field), names[field].capitalize())
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        if not numbers.in_range(values[field], low, high):
            errors.append(_("%(field)s harus antara %(low)s dan %(high)s.")
                          % {"field": names[field].capitalize(), "low": low, "high": high})
    return values, errors


def _shown(field: str, value) -> str:
    if value is None:
        return ""
    if field == "readings":
        return "; ".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _History:
    """Collects the changes of one save; written only after the first submission."""

    def __init__(self, instrument, sheet: ResultSheet, user, now):
        self.instrument, self.user, self.now = instrument, user, now
        self.active = sheet.first_submitted_at is not None
        self.entries: list[ResultChange] = []

    def add(self, label: str, field: str, old, new, point=None):
        if self.active and _shown(field, old) != _shown(field, new):
            self.entries.append(ResultChange(
                instrument=self.instrument, point=point, row_label=label[:200], field=field,
                old_value=_shown(field, old), new_value=_shown(field, new), changed_by=self.user, changed_at=self.now))

    def write(self):
        ResultChange.objects.bulk_create(self.entries)


def _row_label(number: int, parameter: Parameter) -> str:
    return _("Baris %(n)s (%(param)s)") % {"n": number, "param": parameter.name}


def _point_label(parameter: Parameter, nominal: str, unit: str) -> str:
    return f"{parameter.name}: {nominal} {unit}".strip()


def _save_points(user, inst, rows: list[PointInput], history: _History, now) -> list[str]:
    """Replace the points of the user's own parameters with `rows`; returns the problems found
    (nothing is written when there are any: the caller raises and the transaction rolls back)."""
    params = {p.pk: p for p in Parameter.objects.select_for_update().filter(instrument=inst)}
    own = {pk for pk, p in params.items() if p.analyst_id == user.pk}
    existing = {pt.pk: pt for pt in CalibrationPoint.objects.select_for_update().filter(parameter_id__in=own)}
    errors, cleaned = [], []
    for row in rows:
        param = params.get(row.parameter_id)
        if param is None:
            errors.append(_("Baris %(n)s: parameter tidak dikenal untuk alat ini.") % {"n": row.row_number})
            continue
        label = _row_label(row.row_number, param)
        if param.pk not in own:
            if not row.blank:
                errors.append(_("%(row)s: parameter ini ditugaskan kepada analis lain.") % {"row": label})
            continue
        if row.point_id is not None and (row.point_id not in existing or existing[row.point_id].parameter_id != param.pk):
            errors.append(_("%(row)s: titik ini tidak lagi ada; muat ulang halaman.") % {"row": label})
            continue
        if row.blank:
            continue
        values, problems = _clean_row(row, label)
        errors.extend(problems)
        cleaned.append((row, param, values))
    counts: dict[int, int] = {}
    for _row, param, _values in cleaned:
        counts[param.pk] = counts.get(param.pk, 0) + 1
        if counts[param.pk] == MAX_POINTS_PER_PARAMETER + 1:
            errors.append(_("Parameter %(param)s: paling banyak %(max)s titik.")
                          % {"param": param.name, "max": MAX_POINTS_PER_PARAMETER})
    if errors:
        return errors
    kept, position = set(), {}
    for row, param, values in cleaned:
        position[param.pk] = position.get(param.pk, 0) + 1
        point = existing.get(row.point_id) if row.point_id else None
        if point is None:
            point = CalibrationPoint(parameter=param, entered_by=user, updated_at=now, position=position[param.pk],
                                     **values)
            point.save()
            history.add(_point_label(param, point.nominal, point.unit), "row", "", _("baris ditambahkan"), point)
            for field in POINT_FIELDS:
                history.add(_point_label(param, point.nominal, point.unit), field, "", values[field], point)
        else:
            label = _point_label(param, point.nominal, point.unit)
            changed = [f for f in POINT_FIELDS if getattr(point, f) != values[f]]
            for field in changed:
                history.add(label, field, getattr(point, field), values[field], point)
                setattr(point, field, values[field])
            if changed or point.position != position[param.pk]:
                point.position = position[param.pk]
                if changed:
                    point.entered_by, point.updated_at = user, now
                point.save(update_fields=[*changed, "position", "entered_by", "updated_at"])
        kept.add(point.pk)
    for pk, point in existing.items():
        if pk not in kept:
            label = _point_label(params[point.parameter_id], point.nominal, point.unit)
            history.add(label, "row", _("ada"), _("baris dihapus"))
            point.delete()
    return []


def _check_complete(inst: Instrument, sheet: ResultSheet) -> None:
    """Before submitting: every parameter has a point, every point and the conditions are complete."""
    names, problems = field_labels(), []
    for field in SHEET_FIELDS:
        if not getattr(sheet, field):
            problems.append(_("Isi %(field)s.") % {"field": names[field]})
    number = 0
    for param in inst.parameters.prefetch_related("points"):
        points = list(param.points.all())
        if not points:
            problems.append(_("Parameter %(param)s belum memiliki titik kalibrasi.") % {"param": param.name})
        for point in points:
            number += 1
            missing = [names[f] for f in POINT_FIELDS if not getattr(point, f)]
            if missing:
                problems.append(_("%(row)s: isi %(fields)s sebelum mengirim.")
                                % {"row": _row_label(number, param), "fields": ", ".join(missing)})
    if problems:
        raise ValidationError(problems)


def save_results(user, instrument_id: int, sheet_data: SheetInput, rows: list[PointInput], *,
                 submit: bool = False) -> ResultSheet:
    """Step 14: the analyst saves the results typed so far (a draft) and, with `submit`, sends them to
    the supervisor. Either everything is stored or, on the first problem found, nothing."""
    with transaction.atomic():
        inst = lock(Instrument, instrument_id)
        row = authorize(inst, "instrument.submit_results", user)
        if not inst.parameters.filter(analyst=user).exists():
            raise TransitionNotAllowed(_("Tidak ada parameter alat ini yang ditugaskan kepada Anda."))
        sheet, _created = ResultSheet.objects.select_for_update().get_or_create(instrument=inst)
        now = timezone.now()
        history = _History(inst, sheet, user, now)
        sheet_values, errors = _clean_sheet(sheet_data)
        errors += _save_points(user, inst, rows, history, now)
        if errors:
            raise ValidationError(errors)
        for field in SHEET_FIELDS:
            history.add(_("Kondisi kalibrasi"), field, getattr(sheet, field), sheet_values[field])
            setattr(sheet, field, sheet_values[field])
        sheet.updated_at, sheet.updated_by = now, user
        sheet.save()
        history.write()
        if submit:
            _submit(user, inst, row, sheet, now)
    return sheet


def _submit(user, inst, row, sheet: ResultSheet, now) -> None:
    _check_complete(inst, sheet)
    sheet.submitted_at, sheet.submitted_by = now, user
    sheet.first_submitted_at = sheet.first_submitted_at or now
    sheet.verified_at = sheet.verified_by = sheet.validated_at = sheet.validated_by = None
    sheet.save()
    points = CalibrationPoint.objects.filter(parameter__instrument=inst).count()
    apply(inst, row, user, data={"points": points})


def submit_results(user, instrument_id: int) -> ResultSheet:
    """Step 14: submit the results already saved, without changing them."""
    with transaction.atomic():
        inst = lock(Instrument, instrument_id)
        row = authorize(inst, "instrument.submit_results", user)
        sheet = ResultSheet.objects.select_for_update().filter(instrument=inst).first()
        if sheet is None:
            raise ValidationError(_("Belum ada hasil yang dimasukkan."))
        _submit(user, inst, row, sheet, timezone.now())
    return sheet


def _comment(inst, kind: str, user, role: str, text: str) -> ResultComment | None:
    text = (text or "").strip()
    if not text:
        return None
    return ResultComment.objects.create(instrument=inst, kind=kind, author=user, role=role, text=text[:4000])


def verify_results(user, instrument_id: int, note: str = "") -> Instrument:
    """Step 15: the supervisor verifies the results; not the person who entered them."""
    with transaction.atomic():
        inst = lock(Instrument, instrument_id)
        row = authorize(inst, "instrument.verify", user)
        sheet = ResultSheet.objects.select_for_update().get(instrument=inst)
        if user.pk in entrants_of(inst, sheet):
            raise TransitionNotAllowed(_(
                "Anda ikut memasukkan hasil alat ini, jadi tidak boleh memverifikasinya sendiri "
                "(pemisahan tugas ISO/IEC 17025). Verifikasi harus dilakukan penyelia lain."))
        sheet.verified_at, sheet.verified_by = timezone.now(), user
        sheet.save(update_fields=["verified_at", "verified_by"])
        _comment(inst, CommentKind.VERIFY, user, row.actor, note)
        apply(inst, row, user, note=(note or "").strip())
    return inst


def validate_results(user, instrument_id: int, note: str = "") -> Instrument:
    """Step 16: the technical manager validates the results; not who entered or verified them. When
    every instrument of the order is done the order moves on to the report numbers."""
    with transaction.atomic():
        order_id = Instrument.objects.values_list("order_id", flat=True).get(pk=instrument_id)
        order = lock(Order, order_id)
        inst = lock(Instrument, instrument_id)
        row = authorize(inst, "instrument.validate", user)
        sheet = ResultSheet.objects.select_for_update().get(instrument=inst)
        if sheet.verified_by_id == user.pk:
            raise TransitionNotAllowed(_(
                "Anda telah memverifikasi hasil alat ini, jadi tidak boleh juga memvalidasinya "
                "(pemisahan tugas ISO/IEC 17025). Validasi harus dilakukan manajer teknis lain."))
        if user.pk in entrants_of(inst, sheet):
            raise TransitionNotAllowed(_(
                "Anda ikut memasukkan hasil alat ini, jadi tidak boleh memvalidasinya "
                "(pemisahan tugas ISO/IEC 17025). Validasi harus dilakukan manajer teknis lain."))
        sheet.validated_at, sheet.validated_by = timezone.now(), user
        sheet.save(update_fields=["validated_at", "validated_by"])
        _comment(inst, CommentKind.VALIDATE, user, row.actor, note)
        apply(inst, row, user, note=(note or "").strip(), order=order)
        settle_order(order)
    return inst


def _send_back(user, instrument_id: int, code: str, comment: str) -> Instrument:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Tuliskan komentar untuk analis: apa yang harus diperbaiki."))
    with transaction.atomic():
        inst = lock(Instrument, instrument_id)
        row = authorize(inst, code, user)
        ResultSheet.objects.filter(instrument=inst).update(verified_at=None, verified_by=None)
        _comment(inst, code, user, row.actor, comment)
        apply(inst, row, user, note=comment)
    return inst


def return_from_verification(user, instrument_id: int, comment: str) -> Instrument:
    """Step 15 branch: the supervisor sends the results back to the analyst with a comment."""
    return _send_back(user, instrument_id, "instrument.return_verification", comment)


def return_from_validation(user, instrument_id: int, comment: str) -> Instrument:
    """Step 16 branch: the technical manager sends the results back to the analyst with a comment."""
    return _send_back(user, instrument_id, "instrument.return_validation", comment)
