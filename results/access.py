"""Who may open an instrument's results: the centre's staff who may see the instrument (customers
read the results in their signed report, not here)."""
from django.http import Http404

from orders.access import get_instrument_for_user
from orders.models import Instrument


def get_results_instrument_for_user(request, pk) -> Instrument:
    inst = get_instrument_for_user(request, pk)
    if not request.user.staff_roles:
        raise Http404
    return inst
