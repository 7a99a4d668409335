"""What the results grid reads of one instrument, by queries compiled once per process (core.prepared).

Each read depends on nothing but an id (the instrument's, its laboratory's, its type's, its sheet's): the
reader's right to the instrument was checked before, when results.access fetched it. Building and
compiling these seven querysets afresh cost about a fifth of a grid page.
"""
from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

_QUERIES: dict = {}


def _parameters(instrument_id):
    from accounts.names import with_names
    from lab.models import Parameter

    # ordered by id here: the Meta orderings begin with the parent, whose own ordering joins it to sort
    return with_names(Parameter.objects.filter(instrument_id=instrument_id).order_by("id"), "analyst")


def _points(instrument_id):
    from results.models import CalibrationPoint

    return CalibrationPoint.objects.filter(parameter__instrument_id=instrument_id).order_by(
        "parameter_id", "position", "id")


def _changes(instrument_id):
    from results.models import ResultChange

    return ResultChange.objects.filter(instrument_id=instrument_id).order_by("changed_at", "id")


def _attachments(instrument_id):
    from results.models import ResultAttachment

    return ResultAttachment.objects.filter(instrument_id=instrument_id, withdrawn_at__isnull=True).order_by(
        "uploaded_at", "id")


def _comments(instrument_id):
    from results.models import ResultComment

    return ResultComment.objects.filter(instrument_id=instrument_id)  # newest first (Meta)


def _laboratory_standards(laboratory_id):
    from metrology.models import ReferenceStandard

    return ReferenceStandard.objects.filter(laboratory_id=laboratory_id, active=True)  # in their Meta order


def _sheet_standards(sheet_id):
    from metrology.models import ReferenceStandard
    from results.models import ResultSheet

    chosen = ResultSheet.standards.through.objects.filter(resultsheet_id=sheet_id).values("referencestandard_id")
    return ReferenceStandard.objects.filter(pk__in=chosen)  # as sheet.standards.all(): in their Meta order


def _methods(instrument_type_id):
    from metrology.services import methods_for_type

    return methods_for_type(instrument_type_id)


def _query(name):
    if not _QUERIES:
        from core.prepared import Prepared

        _QUERIES.update({"parameters": Prepared(_parameters), "points": Prepared(_points),
                         "changes": Prepared(_changes), "attachments": Prepared(_attachments),
                         "comments": Prepared(_comments), "laboratory standards": Prepared(_laboratory_standards),
                         "sheet standards": Prepared(_sheet_standards), "methods": Prepared(_methods)})
    return _QUERIES[name]


def parameters_of(inst) -> list:
    """The instrument's parameters with their analysts' names and their points (two queries), kept on the
    instrument as prefetch_related leaves them: `inst.parameters.all()` and `param.points.all()` read no
    more (whether the analyst may act on it is read from them: orders.access.instrument_in_scope)."""
    from django.db.models import QuerySet

    from lab.models import Parameter
    from results.models import CalibrationPoint

    params = _query("parameters")(inst.pk)
    instrument_field, parameter_field = Parameter._meta.get_field("instrument"), CalibrationPoint._meta.get_field("parameter")
    points: dict[int, list] = {p.pk: [] for p in params}
    by_pk = {p.pk: p for p in params}
    for point in _query("points")(inst.pk):
        parameter_field.set_cached_value(point, by_pk[point.parameter_id])
        points[point.parameter_id].append(point)
    point_cache = parameter_field.remote_field.get_accessor_name()
    for param in params:
        instrument_field.set_cached_value(param, inst)
        done = QuerySet(CalibrationPoint)
        done._result_cache, done._prefetch_done = points[param.pk], True
        param._prefetched_objects_cache = {point_cache: done}
    done = QuerySet(Parameter)
    done._result_cache, done._prefetch_done = params, True
    inst._prefetched_objects_cache = {**getattr(inst, "_prefetched_objects_cache", {}),
                                      instrument_field.remote_field.get_accessor_name(): done}
    return params


def changes_of(inst) -> list:
    return _query("changes")(inst.pk)


def attachments_of(inst) -> list:
    """The raw files not withdrawn, oldest first (services.raw_files_of)."""
    return _query("attachments")(inst.pk)


def comments_of(inst) -> list:
    """Every comment on the instrument's results, newest first (`inst.result_comments.all()`)."""
    return _query("comments")(inst.pk)


def sheet_standards_of(sheet) -> list:
    return _query("sheet standards")(sheet.pk) if sheet.pk else []


def covering_methods_of(inst) -> list:
    """metrology.services.covering_method_list: the active methods of the type that cover the instrument."""
    from metrology.services import covers

    return [m for m in _query("methods")(inst.instrument_type_id) if covers(m, inst)]


def laboratory_standards(laboratory_id, days: int | None = None) -> tuple[list, list]:
    """The laboratory's active standards, in one read: (every one, those whose certificate ends within
    `days` (or has ended), soonest first)."""
    from metrology.services import EXPIRY_WARNING_DAYS

    rows = _query("laboratory standards")(laboratory_id)
    soon = timezone.localdate() + timedelta(days=EXPIRY_WARNING_DAYS if days is None else days)
    return rows, sorted((s for s in rows if s.valid_until <= soon), key=lambda s: s.valid_until)
