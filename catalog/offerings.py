"""What each unit offers (catalog.models.UnitOffering): the instrument types a customer may order from a
unit, and the laboratory of that unit that calibrates each. The order form, the order service and the API
read them here."""
from __future__ import annotations

from catalog.models import InstrumentType, UnitOffering


def offered_types(unit_id):
    """The active instrument types the unit offers, as the order form lists them."""
    return InstrumentType.objects.filter(active=True, offerings__unit_id=unit_id).select_related("field")


def offering(unit_id, instrument_type_id) -> UnitOffering | None:
    """The unit's offering of an active instrument type (with the type and the laboratory), or None when
    the unit does not offer it."""
    return (UnitOffering.objects.filter(unit_id=unit_id, instrument_type_id=instrument_type_id,
                                        instrument_type__active=True)
            .select_related("instrument_type", "laboratory").first())
