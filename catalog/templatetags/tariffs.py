"""The legal basis of a priced order line: its tariff code and regulation, and a warning when that
regulation was not in force on the order's date."""
from django import template
from django.utils import timezone

register = template.Library()


def order_date(order):
    """The order's date in the unit's zone: the day its lines were priced."""
    return timezone.localdate(order.created_at)


@register.inclusion_tag("catalog/_tariff_basis.html")
def tariff_basis(instrument, order):
    regulation = instrument.tariff.regulation
    when = order_date(order)
    return {"tariff": instrument.tariff, "regulation": regulation, "when": when,
            "lapsed": not regulation.in_force_on(when)}
