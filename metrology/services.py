"""Questions other apps ask of the metrology data: which methods fit an instrument, who is authorised,
which standards may be chosen on a day, which certificates run out soon."""
from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from metrology.models import EXPIRY_WARNING_DAYS, Authorisation, CalibrationMethod, ReferenceStandard


def methods_for(instrument):
    """The active methods for the instrument's type."""
    return methods_for_type(instrument.instrument_type_id)


def methods_for_type(instrument_type_id):
    return CalibrationMethod.objects.filter(active=True, instrument_types=instrument_type_id).distinct()


def _current_authorisations(day=None):
    day = day or timezone.localdate()
    return Authorisation.objects.filter(granted_on__lte=day).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def is_authorised(user, method, day=None) -> bool:
    return _current_authorisations(day).filter(analyst=user, method=method).exists()


def authorised_analysts(instrument, analysts):
    """`analysts` (a User queryset) narrowed to those authorised for a method of the instrument's type.
    An instrument type without any active method restricts nobody: there is nothing to authorise on."""
    methods = methods_for(instrument)
    if not methods.exists():
        return analysts
    ids = _current_authorisations().filter(method__in=methods).values_list("analyst_id", flat=True)
    return analysts.filter(pk__in=ids)


def usable_standards(laboratory_id, day=None):
    """Standards of the laboratory whose certificate is valid on `day` (today by default)."""
    day = day or timezone.localdate()
    return ReferenceStandard.objects.filter(laboratory_id=laboratory_id, active=True, valid_from__lte=day,
                                            valid_until__gte=day)


def expiring_standards(laboratory_id=None, days: int = EXPIRY_WARNING_DAYS):
    """Active standards whose certificate ends within `days` (or has ended), soonest first."""
    qs = ReferenceStandard.objects.filter(active=True, valid_until__lte=timezone.localdate() + timedelta(days=days))
    if laboratory_id is not None:  # one laboratory's: no need to join it
        return qs.filter(laboratory_id=laboratory_id).order_by("valid_until")
    return qs.select_related("laboratory").order_by("valid_until")


def fits(standard, instrument) -> bool:
    """Whether the standard can calibrate the instrument: same laboratory, and the instrument's field of
    calibration when the standard names one (a standard without a field serves its whole laboratory)."""
    return standard.laboratory_id == instrument.laboratory_id and (
        standard.field_id is None or standard.field_id == instrument.instrument_type.field_id)


def standards_for(instrument, day=None):
    """The standards that may be chosen for the instrument on `day`: usable in its laboratory and fit for
    its field of calibration (see `fits`)."""
    return usable_standards(instrument.laboratory_id, day).filter(
        Q(field__isnull=True) | Q(field_id=instrument.instrument_type.field_id))


def grid_standards(instrument, days: int = EXPIRY_WARNING_DAYS, rows=None) -> tuple[list, list]:
    """For the results grid, in one read of the instrument's laboratory's standards: those that may be
    chosen for the instrument today (`standards_for`, in its order) and those whose certificate ends within
    `days` (`expiring_standards` of the laboratory, soonest first). The instrument must have a laboratory.
    `rows`: the laboratory's active standards in their order, when the caller read them."""
    day = timezone.localdate()
    soon = day + timedelta(days=days)
    field_id = instrument.instrument_type.field_id
    if rows is None:
        rows = list(ReferenceStandard.objects.filter(laboratory_id=instrument.laboratory_id, active=True).filter(
            Q(valid_until__lte=soon) | Q(valid_from__lte=day, valid_until__gte=day)))
    usable = [s for s in rows if s.valid_from <= day <= s.valid_until and (s.field_id is None or s.field_id == field_id)]
    expiring = sorted((s for s in rows if s.valid_until <= soon), key=lambda s: s.valid_until)
    return usable, expiring


def instrument_range(instrument, unit: str):
    """The instrument's range in `unit`: from its capacity as the customer wrote it, else from the
    catalogue's range of its type (metrology.ranges); None when neither states a number."""
    from metrology.ranges import read_range

    return read_range(instrument.capacity, unit) or read_range(instrument.instrument_type.range_label, unit)


def covers(method, instrument) -> bool:
    """Whether the method's range contains the instrument's stated range."""
    from metrology.ranges import covers as range_covers

    return range_covers(method.range_min, method.range_max, instrument_range(instrument, method.unit))


def covering_methods(instrument):
    """The active methods of the instrument's type whose range covers the instrument."""
    return CalibrationMethod.objects.filter(pk__in=[m.pk for m in covering_method_list(instrument)])


def covering_method_list(instrument) -> list:
    """The methods of `covering_methods` as read to find them (the same order, by code): for a page that
    shows them, no second read."""
    return [m for m in methods_for(instrument) if covers(m, instrument)]
