"""Calibration results, steps 14-16: the analyst enters and submits, the supervisor verifies, the
technical manager validates; each check can send the work back with a comment.

Separation of duties (ISO/IEC 17025): whoever entered a result may neither verify nor validate it,
and whoever verified it may not validate it. The rule is checked here, not only in the pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lab.models import Parameter
from orders.models import Instrument
from orders.settle import settle_order
from metrology.models import ReferenceStandard
from metrology.services import covers, fits, instrument_range, is_authorised, methods_for
from results import numbers
from results.computation import SheetContext, derive, tolerance_from_text
from results.models import (FIELD_LABELS, CalibrationPoint, CommentKind, DecisionRule, ResultAttachment, ResultChange,
                            ResultComment, ResultSheet, Stage)
from workflow.engine import TransitionNotAllowed, apply, authorize, lock_order_and_instrument, record

MAX_POINTS_PER_PARAMETER = 100
REQUIRED_POINT_FIELDS = ["nominal", "readings", "correction", "expanded_uncertainty", "unit", "coverage_factor"]
TYPED_POINT_FIELDS = ["nominal", "readings", "unit"]  # the rest is computed with the method
POINT_FIELDS = [*REQUIRED_POINT_FIELDS, "stage"]  # kept in the history after the first submission
DERIVED_POINT_FIELDS = ["budget", "conformity"]  # follow from the rest: stored, not listed in the history
SHEET_FIELDS = ["calibration_date", "temperature", "humidity"]
METHOD_FIELDS = ["method", "resolution", "adjusted", "decision_rule", "tolerance_value", "deviations"]
DEFAULT_K = "2"


def field_labels() -> dict[str, str]:
    return {name: str(label) for name, label in FIELD_LABELS.items()}


@dataclass
class PointInput:
    """One row of the grid as typed: raw text, checked by `save_results`. There is no correction, U or
    k to type: they are always computed from the readings, the nominal and the sheet's method."""

    parameter_id: int
    row_number: int
    point_id: int | None = None
    nominal: str = ""
    readings: str = ""
    unit: str = ""
    stage: str = ""

    @property
    def blank(self) -> bool:
        """Nothing measured typed (the unit comes prefilled): the row is ignored, or its point removed."""
        return not any(str(getattr(self, f) or "").strip() for f in ("nominal", "readings"))


@dataclass
class SheetInput:
    calibration_date: date | None = None
    temperature: str = ""
    humidity: str = ""
    method_id: int | None = None
    standard_ids: list[int] = dataclass_field(default_factory=list)
    resolution: str = ""
    adjusted: bool = False
    decision_rule: str = ""
    tolerance_value: str = ""
    deviations: str = ""


def sheet_of(instrument: Instrument) -> ResultSheet:
    """The instrument's result sheet; an unsaved empty one before anything was entered."""
    # one per instrument: no ordering, no LIMIT
    return next(iter(ResultSheet.objects.filter(instrument=instrument).order_by()), None) or ResultSheet(
        instrument=instrument)


def entrants_of(instrument: Instrument, sheet: ResultSheet | None = None, *, points=None, changes=None) -> set[int]:
    """Ids of everyone who entered, changed or submitted a result of the instrument. `points` and `changes`:
    every point and every change of the instrument, when the caller already read them (the grid does)."""
    # no ordering: the Meta orderings would join the parameter, the instrument and the order to sort a set
    ids = ({p.entered_by_id for p in points} if points is not None else
           set(CalibrationPoint.objects.filter(parameter__instrument=instrument).order_by()
               .values_list("entered_by_id", flat=True)))
    ids |= ({c.changed_by_id for c in changes} if changes is not None else
            set(ResultChange.objects.filter(instrument=instrument).order_by().values_list("changed_by_id", flat=True)))
    sheet = sheet or sheet_of(instrument)
    if sheet.submitted_by_id:
        ids.add(sheet.submitted_by_id)
    return ids


def _clean_row(row: PointInput, label: str) -> tuple[dict, list[str]]:
    """The row's values, normalised, and the problems found (each naming the row and the field)."""
    names, errors, values = field_labels(), [], {}

    def where(field):
        return f"{label}, {names[field]}"

    try:
        values["nominal"] = numbers.parse_decimal(row.nominal, where("nominal"))
    except ValidationError as exc:
        errors.extend(exc.messages)
    # Computed by `derive` from the readings, the nominal and the method; never taken from the input.
    values.update(correction="", expanded_uncertainty="", coverage_factor=DEFAULT_K)
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


def _clean_method(data: SheetInput, inst: Instrument, user, unit_hint: str = "") -> tuple[dict, list, list[str]]:
    """The method, the standards and the conformity choices: values for the sheet, the standards, problems."""
    names, errors = field_labels(), []
    values = {"method": None, "adjusted": bool(data.adjusted), "deviations": (data.deviations or "").strip()[:2000]}
    if data.method_id:
        values["method"] = methods_for(inst).filter(pk=data.method_id).first()
        if values["method"] is None:
            errors.append(_("Metode kalibrasi yang dipilih tidak berlaku untuk jenis alat ini."))
        elif not covers(values["method"], inst):
            errors.append(uncovered_message(values["method"], inst))
        elif not is_authorised(user, values["method"]):
            errors.append(_("Anda belum berwenang melakukan kalibrasi dengan metode %(m)s (ISO/IEC 17025 6.2).")
                          % {"m": values["method"]})
    standards = list(ReferenceStandard.objects.filter(pk__in=list(data.standard_ids or [])))
    if len(standards) != len(set(data.standard_ids or [])):
        errors.append(_("Standar acuan yang dipilih tidak dikenal; muat ulang halaman."))
    today = timezone.localdate()
    for std in standards:
        if std.laboratory_id != inst.laboratory_id or not std.active:
            errors.append(_("Standar %(s)s bukan standar aktif laboratorium ini.") % {"s": std})
        elif not fits(std, inst):
            errors.append(_("Standar %(s)s tidak sesuai untuk alat ini: standar itu untuk bidang %(f)s, alat ini "
                            "bidang %(g)s. Pilih standar lain.")
                          % {"s": std, "f": std.field, "g": inst.instrument_type.field})
        elif not std.valid_on(today):
            errors.append(_("Sertifikat standar %(s)s berlaku sampai %(d)s: sudah kedaluwarsa dan tidak dapat dipilih.")
                          % {"s": std, "d": std.valid_until.strftime("%d-%m-%Y")})
        elif data.calibration_date and not std.valid_on(data.calibration_date):
            errors.append(_("Sertifikat standar %(s)s tidak berlaku pada tanggal kalibrasi.") % {"s": std})
    try:
        values["resolution"] = numbers.parse_decimal(data.resolution, names["resolution"].capitalize())
    except ValidationError as exc:
        errors.extend(exc.messages)
        values["resolution"] = ""
    if not numbers.is_positive(values["resolution"]):
        errors.append(_("Resolusi alat harus lebih besar dari nol."))
    values["decision_rule"], values["tolerance_value"] = "", ""
    if inst.tolerance.strip():  # a statement of conformity only where the customer gave a tolerance
        if data.decision_rule and data.decision_rule not in DecisionRule.values:
            errors.append(_("Pilih aturan keputusan dari daftar."))
        else:  # simple acceptance unless another rule was agreed with the customer (ILAC-G8 4.2.1)
            values["decision_rule"] = data.decision_rule or DecisionRule.SIMPLE
        try:
            values["tolerance_value"] = numbers.parse_decimal(data.tolerance_value, names["tolerance_value"].capitalize())
        except ValidationError as exc:
            errors.extend(exc.messages)
        if not numbers.is_positive(values["tolerance_value"]):
            errors.append(_("Toleransi harus lebih besar dari nol."))
        if not values["tolerance_value"]:
            unit = values["method"].unit if values["method"] else (unit_hint or _first_unit(inst))
            values["tolerance_value"] = tolerance_from_text(inst.tolerance, unit)
    return values, standards, errors


def uncovered_message(method, inst: Instrument) -> str:
    return (_("Metode %(m)s berlaku untuk rentang %(r)s; alat ini (%(c)s) di luar rentang itu. Pilih metode lain "
              "atau minta manajer teknis menambah metode yang mencakupnya.")
            % {"m": method, "r": method.range_text, "c": inst.capacity or instrument_range(inst, method.unit)})


def _first_unit(inst: Instrument) -> str:
    return (CalibrationPoint.objects.filter(parameter__instrument=inst).exclude(unit="")
            .values_list("unit", flat=True).first() or "")


def context_for(inst: Instrument, sheet_values: dict, standards: list) -> SheetContext:
    method = sheet_values.get("method")
    return SheetContext(
        method=method, components=list(method.components.all()) if method else [], standards=standards,
        resolution=sheet_values.get("resolution", ""), adjusted=sheet_values.get("adjusted", False),
        conformity_requested=bool(inst.tolerance.strip()),
        tolerance=sheet_values.get("tolerance_value", ""),
        rule=sheet_values.get("decision_rule", ""))


def _shown(field: str, value) -> str:
    if value is None:
        return ""
    if field == "readings":
        return "; ".join(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
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


def _save_points(user, inst, rows: list[PointInput], history: _History, now, ctx: SheetContext) -> list[str]:
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
        stage = (row.stage or "").strip() if ctx.adjusted else ""
        if stage not in Stage.values:
            problems.append(_("%(row)s: tahap tidak dikenal.") % {"row": label})
        values["stage"] = stage
        if not problems:
            derive(values, ctx)
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
            derived = [f for f in DERIVED_POINT_FIELDS if getattr(point, f) != values[f]]
            for field in derived:
                setattr(point, field, values[field])
            if changed or derived or point.position != position[param.pk]:
                point.position = position[param.pk]
                if changed:
                    point.entered_by, point.updated_at = user, now
                point.save(update_fields=[*changed, *derived, "position", "entered_by", "updated_at"])
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
            label = _row_label(number, param)
            if point.budget.get("problem"):
                problems.append(_("%(row)s: anggaran ketidakpastian belum dapat dihitung: %(why)s.")
                                % {"row": label, "why": point.budget["problem"]})
                continue
            missing = [names[f] for f in TYPED_POINT_FIELDS if not getattr(point, f)]
            if missing:
                problems.append(_("%(row)s: isi %(fields)s sebelum mengirim.")
                                % {"row": label, "fields": ", ".join(missing)})
            if sheet.method_id and len(point.readings) < sheet.method.repeat_readings:
                problems.append(_("%(row)s: metode meminta %(n)s pembacaan berulang.")
                                % {"row": label, "n": sheet.method.repeat_readings})
            if sheet.adjusted and not point.stage:
                problems.append(_("%(row)s: pilih tahap (sebelum/sesudah penyetelan).") % {"row": label})
    problems += _check_method_complete(inst, sheet)
    if problems:
        raise ValidationError(problems)


def _check_method_complete(inst: Instrument, sheet: ResultSheet) -> list[str]:
    """Every calibration names its method (ISO/IEC 17025 7.2.1, 7.8.2.1): an active method of the
    instrument's type whose range covers the instrument."""
    problems = []
    if not sheet.method_id:
        problems.append(_("Pilih metode kalibrasi: hasil tanpa metode tidak dapat dikirim. Koreksi dan "
                          "ketidakpastian dihitung dari pembacaan menurut metode."))
    elif not methods_for(inst).filter(pk=sheet.method_id).exists():
        problems.append(_("Metode %(m)s tidak aktif atau tidak berlaku untuk jenis alat ini; pilih metode lain.")
                        % {"m": sheet.method})
    elif not covers(sheet.method, inst):
        problems.append(uncovered_message(sheet.method, inst))
    if sheet.method_id and not sheet.standards.exists():
        problems.append(_("Pilih standar acuan yang dipakai."))
    for std in sheet.standards.all():
        if not std.valid_on(timezone.localdate()):
            problems.append(_("Sertifikat standar %(s)s sudah kedaluwarsa; pilih standar lain.") % {"s": std})
    if inst.tolerance.strip() and not (sheet.decision_rule and sheet.tolerance_value):
        problems.append(_("Pelanggan memberi toleransi: pilih aturan keputusan dan isi nilai toleransi untuk "
                          "pernyataan kesesuaian."))
    return problems


def save_results(user, instrument_id: int, sheet_data: SheetInput, rows: list[PointInput], *,
                 submit: bool = False) -> ResultSheet:
    """Step 14: the analyst saves the results typed so far (a draft) and, with `submit`, sends them to
    the supervisor. Either everything is stored or, on the first problem found, nothing."""
    with transaction.atomic():
        _order, inst = lock_order_and_instrument(instrument_id)
        row = authorize(inst, "instrument.submit_results", user)
        if not inst.parameters.filter(analyst=user).exists():
            raise TransitionNotAllowed(_("Tidak ada parameter alat ini yang ditugaskan kepada Anda."))
        sheet, _created = ResultSheet.objects.select_for_update().get_or_create(instrument=inst)
        now = timezone.now()
        history = _History(inst, sheet, user, now)
        sheet_values, errors = _clean_sheet(sheet_data)
        unit_hint = next((r.unit.strip() for r in rows if not r.blank and (r.unit or "").strip()), "")
        method_values, standards, method_errors = _clean_method(sheet_data, inst, user, unit_hint)
        errors += method_errors
        if not errors:
            errors += _save_points(user, inst, rows, history, now, context_for(inst, method_values, standards))
        if errors:
            raise ValidationError(errors)
        for field in SHEET_FIELDS + METHOD_FIELDS:
            new = sheet_values[field] if field in SHEET_FIELDS else method_values[field]
            history.add(_("Kondisi kalibrasi"), field, getattr(sheet, field), new)
            setattr(sheet, field, new)
        old_standards = sorted(str(s) for s in sheet.standards.all()) if sheet.pk else []
        history.add(_("Kondisi kalibrasi"), "standards", "; ".join(old_standards),
                    "; ".join(sorted(str(s) for s in standards)))
        sheet.updated_at, sheet.updated_by = now, user
        sheet.save()
        sheet.standards.set(standards)
        history.write()
        if submit:
            _submit(user, inst, row, sheet, now)
    return sheet


def _recompute(user, inst, sheet: ResultSheet, now) -> None:
    """Every point of the instrument evaluated again with the sheet as submitted (another analyst's
    points may predate a change of method, standards or tolerance)."""
    ctx = context_for(inst, {f: getattr(sheet, f) for f in METHOD_FIELDS}, list(sheet.standards.all()))
    history = _History(inst, sheet, user, now)
    for point in CalibrationPoint.objects.select_for_update().filter(parameter__instrument=inst).select_related("parameter"):
        values = {f: getattr(point, f) for f in POINT_FIELDS}
        values["readings"] = list(point.readings)
        derive(values, ctx)
        changed = [f for f in REQUIRED_POINT_FIELDS + DERIVED_POINT_FIELDS if getattr(point, f) != values[f]]
        for f in changed:
            if f in REQUIRED_POINT_FIELDS:
                history.add(_point_label(point.parameter, point.nominal, point.unit), f, getattr(point, f), values[f], point)
            setattr(point, f, values[f])
        if changed:
            point.save(update_fields=changed)
    history.write()


def _submit(user, inst, row, sheet: ResultSheet, now) -> None:
    _recompute(user, inst, sheet, now)
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
        _order, inst = lock_order_and_instrument(instrument_id)
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
        _order, inst = lock_order_and_instrument(instrument_id)
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
        order, inst = lock_order_and_instrument(instrument_id)
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


def _send_back(user, instrument_id: int, code: str, comment: str, point_comments: dict | None = None) -> Instrument:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Tuliskan komentar untuk analis: apa yang harus diperbaiki."))
    with transaction.atomic():
        _order, inst = lock_order_and_instrument(instrument_id)
        row = authorize(inst, code, user)
        ResultSheet.objects.filter(instrument=inst).update(verified_at=None, verified_by=None)
        _comment(inst, code, user, row.actor, comment)
        points = {p.pk: p for p in CalibrationPoint.objects.filter(parameter__instrument=inst).select_related("parameter")}
        commented = []
        for point_id, text in sorted((point_comments or {}).items()):
            point, text = points.get(point_id), (text or "").strip()
            if point is None or not text:
                continue
            ResultComment.objects.create(instrument=inst, kind=code, author=user, role=row.actor, text=text[:4000],
                                         point=point, row_label=_point_label(point.parameter, point.nominal, point.unit))
            commented.append(point_id)
        apply(inst, row, user, note=comment, data={"point_comments": commented} if commented else None)
    return inst


def return_from_verification(user, instrument_id: int, comment: str, point_comments: dict | None = None) -> Instrument:
    """Step 15 branch: the supervisor sends the results back to the analyst with a comment (and
    comments on single points: {point id: text})."""
    return _send_back(user, instrument_id, "instrument.return_verification", comment, point_comments)


def return_from_validation(user, instrument_id: int, comment: str, point_comments: dict | None = None) -> Instrument:
    """Step 16 branch: the technical manager sends the results back to the analyst with a comment."""
    return _send_back(user, instrument_id, "instrument.return_validation", comment, point_comments)


@dataclass
class PreviewRow:
    row: PointInput
    values: dict
    problems: list[str]

    @property
    def mean(self) -> str:
        return numbers.mean_of(list(self.values.get("readings") or []))


def preview(user, inst: Instrument, sheet_data: SheetInput, rows: list[PointInput]) -> tuple[list[PreviewRow], list[str]]:
    """What saving would compute, without saving: each own row's correction, U, k and budget, and the
    sheet's problems. Used by the grid as the analyst types."""
    unit_hint = next((r.unit.strip() for r in rows if not r.blank and (r.unit or "").strip()), "")
    method_values, standards, sheet_problems = _clean_method(sheet_data, inst, user, unit_hint)
    ctx = context_for(inst, method_values, standards)
    own = set(inst.parameters.filter(analyst=user).values_list("pk", flat=True))
    out = []
    for row in rows:
        if row.parameter_id not in own or row.blank:
            continue
        values, problems = _clean_row(row, _("Baris %(n)s") % {"n": row.row_number})
        values["stage"] = row.stage if ctx.adjusted and row.stage in Stage.values else ""
        if not problems:
            derive(values, ctx)
        out.append(PreviewRow(row, values, problems))
    return out, sheet_problems


def attach_raw_file(user, instrument_id: int, upload) -> ResultAttachment:
    """Step 14: the analyst attaches a raw data file (CSV, XLSX, PDF, image), checked by content."""
    from django.core.files.base import ContentFile

    from results.attachments import check_raw_file

    checked = check_raw_file(upload)
    with transaction.atomic():
        _order, inst = lock_order_and_instrument(instrument_id)
        row = authorize(inst, "instrument.submit_results", user)
        if not inst.parameters.filter(analyst=user).exists():
            raise TransitionNotAllowed(_("Tidak ada parameter alat ini yang ditugaskan kepada Anda."))
        attachment = ResultAttachment(instrument=inst, stored_name=checked.stored_name,
                                      original_name=checked.original_name, content_type=checked.content_type,
                                      size=len(checked.content), uploaded_by=user)
        attachment.file.save(checked.stored_name, ContentFile(checked.content), save=False)
        try:
            attachment.save()
            record("results.attach", user, row.actor, instrument=inst, note=checked.original_name)
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def raw_files_of(instrument: Instrument):
    """The raw data files that belong to the results (the withdrawn ones left out), oldest first."""
    # ordered here: the Meta ordering begins with the instrument, whose own ordering joins the order
    from accounts.names import with_names

    return with_names(instrument.result_attachments.current(), "uploaded_by").order_by("uploaded_at", "id")


def may_withdraw(attachment: ResultAttachment, sheet: ResultSheet) -> bool:
    """A file not yet withdrawn and attached after the last submission: the supervisor has not seen it."""
    return attachment.withdrawn_at is None and (sheet.submitted_at is None
                                                or attachment.uploaded_at > sheet.submitted_at)


def withdraw_raw_file(user, instrument_id: int, attachment_id: int) -> ResultAttachment:
    """Step 14: the analyst withdraws a raw data file attached by mistake while the results are being
    entered. A file that went to the supervisor with submitted results stays. The row and the file are
    kept, marked withdrawn; the grid, the checks and the report no longer list it."""
    with transaction.atomic():
        _order, inst = lock_order_and_instrument(instrument_id)
        row = authorize(inst, "instrument.submit_results", user)
        if not inst.parameters.filter(analyst=user).exists():
            raise TransitionNotAllowed(_("Tidak ada parameter alat ini yang ditugaskan kepada Anda."))
        attachment = ResultAttachment.objects.select_for_update().get(instrument=inst, pk=attachment_id)
        if attachment.withdrawn_at is not None:
            raise ValidationError(_("Berkas %(name)s sudah ditarik.") % {"name": attachment.original_name})
        if not may_withdraw(attachment, sheet_of(inst)):
            raise ValidationError(_("Berkas %(name)s sudah dikirim ke penyelia bersama hasil dan tidak dapat ditarik.")
                                  % {"name": attachment.original_name})
        attachment.withdrawn_at, attachment.withdrawn_by = timezone.now(), user
        attachment.save(update_fields=["withdrawn_at", "withdrawn_by"])
        record("results.withdraw_attachment", user, row.actor, instrument=inst, note=attachment.original_name,
               data={"attachment": attachment.pk})
    return attachment
