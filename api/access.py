"""The API sees exactly what the pages show: every object comes through orders.access."""
from django.http import Http404

from orders.access import laboratory_view, visible_instruments, visible_orders
from orders.models import Instrument, Order


def api_orders(user):
    return visible_orders(user).select_related("company")


def api_order(user, pk: int) -> Order:
    try:
        return api_orders(user).select_related("unit").prefetch_related(
            "instruments__instrument_type", "instruments__laboratory").get(pk=pk)
    except Order.DoesNotExist:
        raise Http404 from None


def api_order_with_money(user, pk: int) -> Order:
    """An order whose billings or quotations are asked for: 404 for laboratory staff (need to know)."""
    if laboratory_view(user):
        raise Http404
    return api_order(user, pk)


def api_instrument(user, pk: int) -> Instrument:
    try:
        return visible_instruments(user).select_related(
            "order", "instrument_type", "laboratory").get(pk=pk)
    except Instrument.DoesNotExist:
        raise Http404 from None
