"""The installation's default unit: today its only one.

Until orders, staff and laboratories are chosen per unit everywhere (issue #18), whatever is created
without naming a unit belongs to the default unit: the active unit made first (the one the migration
built from the settings). It is read once per process and kept; saving or deleting a unit, and every
`migrate` or test-database flush (post_migrate), forget it.
"""
from __future__ import annotations

import datetime as dt

from asgiref.local import Local
from django.conf import settings

_DEFAULT = None


def settings_values() -> dict:
    """The fields of a unit built from this installation's settings (the migration and a fresh install)."""
    def hhmm(text: str) -> dt.time:
        hours, minutes = str(text).split(":")[:2]
        return dt.time(int(hours), int(minutes))

    short = settings.BALAI_SHORT
    return {
        "code": (short.lower().replace(" ", "-")[:20] or "balai"),
        "name": settings.BALAI_NAME,
        "short_name": short,
        "address": settings.BALAI_ADDRESS,
        "satker_code": settings.BALAI_SATKER_CODE,
        "time_zone": settings.TIME_ZONE if settings.TIME_ZONE in {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"}
        else "Asia/Jakarta",
        "office_start": hhmm(settings.OFFICE_START),
        "office_end": hhmm(settings.OFFICE_END),
        "office_weekdays": list(settings.OFFICE_WEEKDAYS),
        "number_formats": dict(settings.NUMBER_FORMATS),
        "logo": getattr(settings, "REPORT_LOGO", ""),
        "accreditation_number": getattr(settings, "REPORT_ACCREDITATION_NUMBER", ""),
    }


def ensure_unit(unit_model) -> object:
    """The first unit of `unit_model` (the real model or a migration's), created from the settings when
    there is none."""
    unit = unit_model.objects.order_by("pk").first()
    if unit is None:
        unit = unit_model.objects.create(**settings_values())
    return unit


def default_unit():
    """The unit that whatever is created without naming one belongs to (kept per process)."""
    global _DEFAULT
    if _DEFAULT is None:
        from units.models import Unit

        _DEFAULT = Unit.objects.filter(is_active=True).order_by("pk").first() or ensure_unit(Unit)
    return _DEFAULT


def default_unit_id() -> int:
    return default_unit().pk


def default_unit_code() -> str:
    """For core's numbering service (settings.DEFAULT_UNIT_CODE): the series of numbers it continues."""
    return default_unit().code


UNITS_KEY = "units:facts"
NUMBERING_KEY = "units:numbering"
UNITS_SECONDS = 300


def _numbering() -> dict:
    """{"formats": code -> (number formats, satker code), "codes": id -> code} of every unit, kept in the
    shared cache like `unit_facts` and forgotten with it whenever a unit is saved or deleted: a number
    taken inside a transition reads no unit row."""
    from django.core.cache import cache

    table = cache.get(NUMBERING_KEY)
    if table is None:
        from units.models import Unit

        rows = Unit.objects.values_list("pk", "code", "number_formats", "satker_code")
        table = {"formats": {code: (formats if isinstance(formats, dict) else {}, satker)
                             for _pk, code, formats, satker in rows},
                 "codes": {pk: code for pk, code, _formats, _satker in rows}}
        cache.set(NUMBERING_KEY, table, UNITS_SECONDS)
    return table


def numbering_of(code: str):
    """For core's numbering service (settings.UNIT_NUMBERING): (number formats, satker code) of the unit
    `code`, or None when there is no such unit."""
    return _numbering()["formats"].get(code)


def unit_code_of(obj) -> str:
    """The code of the unit of `obj` (an order, or anything with a `unit_id`): the series its numbers
    are taken in; the default unit's for one without a unit."""
    unit_id = getattr(obj, "unit_id", None)
    return (_numbering()["codes"].get(unit_id) if unit_id else None) or default_unit_code()


def unit_facts() -> dict:
    """unit id -> (time zone, name, short name, active) for every unit. Kept in the cache every web
    process shares (never one process's memory: a unit made in one process must be known to all of them
    at once, as it decides what staff see) and forgotten whenever a unit is saved or deleted. Within one
    request it is read from that cache once (a page asks for it three or four times)."""
    memo = getattr(_REQUEST, "memo", None)
    if memo is not None and UNITS_KEY in memo:
        return memo[UNITS_KEY]
    from django.core.cache import cache

    facts = cache.get(UNITS_KEY)
    if facts is None:
        from units.models import Unit

        facts = {pk: (zone, name, short, active) for pk, zone, name, short, active
                 in Unit.objects.values_list("pk", "time_zone", "name", "short_name", "is_active")}
        cache.set(UNITS_KEY, facts, UNITS_SECONDS)
    if memo is not None:
        memo[UNITS_KEY] = facts
    return facts


# What one request has read of the units (unit_facts), in the request's own thread or task: begun when a
# request starts, dropped when it ends and whenever a unit changes (forget). Outside a request: nothing kept.
_REQUEST = Local()


def request_started(**kwargs) -> None:
    _REQUEST.memo = {}


def request_finished(**kwargs) -> None:
    _REQUEST.memo = None


def active_unit_count() -> int:
    """How many units are active: pages show the unit of an order, and the order form its choice of
    unit, only where there is more than one."""
    return sum(1 for *_rest, active in unit_facts().values() if active)


def every_unit_id() -> frozenset:
    """The id of every unit, active or not."""
    return frozenset(unit_facts())


def covers_every_unit(unit_ids) -> bool:
    """Whether a filter to `unit_ids` would keep everything (an installation of one unit, or a person who
    holds the role in every unit): such a filter is left out, so that it costs no join."""
    return unit_ids is not None and frozenset(unit_ids) >= every_unit_id()


def forget(**kwargs) -> None:
    global _DEFAULT
    _DEFAULT = None
    from django.core.cache import cache
    from django.db import connection, transaction

    def shared():
        if getattr(_REQUEST, "memo", None) is not None:
            _REQUEST.memo = {}
        cache.delete_many([UNITS_KEY, NUMBERING_KEY])

    shared()
    if connection.in_atomic_block:  # and after the commit: a read meanwhile may have put the old table back
        transaction.on_commit(shared)
