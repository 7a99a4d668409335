"""The order's roll-up from its instruments: order-level moves that follow from the instruments' states
(all rejected → RETURNED; all done in the laboratory → RESULTS_READY). Called by the services that change
an instrument's state, inside their transaction, with the order already locked."""
from __future__ import annotations

from django.utils.translation import gettext as _

from orders.models import Order
from workflow.engine import apply, authorize
from workflow.states import InstrumentState, OrderState


def settle_order(order: Order) -> None:
    """Move the order when its instruments say so: all rejected, or all done in the laboratory."""
    states = list(order.instruments.values_list("state", flat=True))
    if states and all(s == InstrumentState.REJECTED for s in states):
        apply(order, authorize(order, "order.all_rejected", None), None,
              note=_("Semua alat ditolak; permintaan pengembalian dana dicatat untuk bendahara."))
    elif order.state == OrderState.IN_LAB and all(s in (InstrumentState.VALIDATED, InstrumentState.REJECTED) for s in states):
        apply(order, authorize(order, "order.results_ready", None), None)
