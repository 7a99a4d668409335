"""What a unit's documents carry about it: its names, address, logo and KAN accreditation number.

The certificates (E-LHU), their DCC and the mails about them name the unit of the report's order, not
the installation: every unit is its own Balai. The settings (BALAI_NAME, BALAI_ADDRESS, BALAI_SHORT,
REPORT_LOGO, REPORT_ACCREDITATION_NUMBER) are what the migrated unit was built from; only the logo
falls back to REPORT_LOGO (the ministry's) when a unit has none. A blank accreditation number means
the unit is not accredited: no other unit's number is printed in its place.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext


def unit_of(order):
    """The unit of `order` (the default unit for an order without one, which migration 0002 left none)."""
    from units.current import default_unit

    return order.unit if getattr(order, "unit_id", None) else default_unit()


@dataclass(frozen=True)
class Heading:
    """The letterhead of a document that is no one unit's, with a unit's names: the ministry's, for a
    table about every unit, or the names of the several units a table covers. No zone: the installation's."""

    name: str
    short_name: str
    address: str = ""
    name_en: str = ""
    logo: str = ""
    accreditation_number: str = ""
    time_zone: str | None = None


def report_letterhead(unit_ids):
    """Whom a report table is about, for its letterhead (`unit_ids` of a report scope): None, every unit
    (the national dashboard), is the ministry; one unit is that unit; several units (a head of two) are
    named together, in their zone when they share one."""
    from units.current import default_unit
    from units.models import Unit

    if unit_ids is None:
        return Heading(gettext("Kementerian Perindustrian Republik Indonesia"), gettext("Kemenperin"))
    units = list(Unit.objects.filter(pk__in=sorted(unit_ids)).order_by("name"))
    if len(units) <= 1:
        return units[0] if units else default_unit()
    zones = {unit.time_zone for unit in units}
    return Heading(" · ".join(unit.name for unit in units), " · ".join(unit.short_name or unit.name for unit in units),
                   time_zone=zones.pop() if len(zones) == 1 else None)


def letterhead(unit) -> dict:
    """The template values naming `unit` on a document (the names templates already use)."""
    return {
        "BALAI_NAME": unit.name,
        "BALAI_NAME_EN": unit.name_en or unit.name,
        "BALAI_ADDRESS": unit.address,
        "BALAI_SHORT": unit.short_name or unit.name,
        "BALAI_TIME_ZONE": unit.time_zone,
        "logo": unit.logo or getattr(settings, "REPORT_LOGO", ""),
        "accreditation_number": unit.accreditation_number,
        "unit": unit,
    }


def document_unit(context: dict, unit=None):
    """The unit whose letterhead a document carries: `unit` where given, else the unit of the order the
    document is about (the context's `order`, or the `order` of a document in it, as a quotation's), else
    the installation's default unit."""
    from django.db.models import Model

    from units.current import default_unit

    if unit is not None:
        return unit
    order = context.get("order")
    if order is None:
        order = next((value.order for value in context.values()
                      if isinstance(value, Model) and getattr(value, "order_id", None)), None)
    return unit_of(order) if order is not None else default_unit()


def document_letterhead(context: dict, unit=None) -> dict:
    """For core's PDF rendering (settings.DOCUMENT_LETTERHEAD): the BALAI_* names of the document's unit
    and its time zone."""
    return {key: value for key, value in letterhead(document_unit(context, unit)).items() if key.startswith("BALAI_")}
