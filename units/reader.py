"""The unit a member of staff works in, for what their pages show: times in that unit's time zone
(WIB, WITA or WIT) and its name in the footer.

A member of staff whose roles are all held in one unit reads in that unit; a customer (national), a
national role, or someone holding roles in units of different time zones reads in the installation's
zone. The units' zones and names come from units.current.unit_facts (the shared cache), so a page costs
no query for them.
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from units.current import unit_facts


def reader_unit_id(user) -> int | None:
    """The one unit all of `user`'s roles are held in, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    units = set().union(*user.role_units.values()) if user.role_units else set()
    return next(iter(units)) if len(units) == 1 else None


class ReaderUnitMiddleware:
    """After authentication: a member of staff of one unit reads times in that unit's zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unit_id = reader_unit_id(getattr(request, "user", None))
        facts = unit_facts().get(unit_id) if unit_id is not None else None
        request.reader_unit = (unit_id, *facts) if facts else None
        if facts is None:
            return self.get_response(request)
        with timezone.override(ZoneInfo(facts[0])):
            return self.get_response(request)


def reader_unit(request):
    """Context processor (after core.context_processors.site): the pages name the reader's unit; for a
    reader who is no one unit's, the one active unit, or where several serve, the national agency
    (a customer of Makassar is not served by Palembang)."""
    unit = getattr(request, "reader_unit", None)
    if unit:
        _pk, _zone, name, short, _active = unit
        return {"BALAI_NAME": name, "BALAI_SHORT": short}
    active = [facts for facts in unit_facts().values() if facts[3]]
    if len(active) == 1:
        _zone, name, short, _active = active[0]
        return {"BALAI_NAME": name, "BALAI_SHORT": short or name}
    return {"BALAI_NAME": settings.NATIONAL_NAME, "BALAI_SHORT": settings.NATIONAL_SHORT}
