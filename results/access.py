"""Who may open an instrument's results: the centre's staff who may see the instrument (customers
read the results in their signed report, not here)."""
from django.http import Http404

from orders.access import visible_instruments
from orders.models import Instrument


def get_results_instrument_for_user(request, pk, *, with_sheet: bool = False) -> Instrument:
    """The instrument `pk` in the user's view (orders.access.visible_instruments), with its order, type and
    laboratory: what the results pages show of it (not the customer's company, nor the supervisor's whole
    account). `with_sheet`: its result sheet joined too, when there is one (the grid reads it: one query
    less than asking for it after)."""
    if not request.user.is_authenticated or not request.user.staff_roles:
        raise Http404
    # the grid shows nothing of the laboratory but its id: not joined for it; the sheet's method it names
    related = (("order", "instrument_type", "result_sheet", "result_sheet__method") if with_sheet else
               ("order", "instrument_type", "laboratory"))
    try:
        return visible_instruments(request.user).select_related(*related).get(pk=pk)
    except (Instrument.DoesNotExist, ValueError):
        raise Http404 from None
