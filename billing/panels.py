"""What the order page shows of an order's money (billings, payment proofs, payments, refunds), read by
the order page's view when its panels first show it, in as few queries as the data allow."""
from __future__ import annotations

from functools import cached_property

from core.prepared import Prepared
from workflow.states import InstrumentState


def _billings(order_id):
    from billing.models import Billing

    return Billing.objects.filter(order_id=order_id).select_related("payment").order_by()


def _proofs(order_id):
    from billing.models import PaymentProof

    return PaymentProof.objects.filter(order_id=order_id).order_by()


def _refunds(order_id):
    from billing.models import RefundRequest

    return RefundRequest.objects.filter(order_id=order_id).order_by()


# compiled once per process (core.prepared): the page runs them with its order's id
BILLINGS, PROOFS, REFUNDS = Prepared(_billings), Prepared(_proofs), Prepared(_refunds)


class OrderMoney:
    """The billings of one order with their payments (one query: a payment is its billing's one), the
    payment proofs (none without a billing) and the refund requests (one per rejected instrument: none
    to read when no instrument was rejected). Each list in the order the page shows it, sorted here."""

    def __init__(self, order, instruments):
        """`instruments`: every instrument of the order (a refund names one of them)."""
        self.order = order
        self._instruments = {i.pk: i for i in instruments}

    @cached_property
    def billings(self) -> list:
        """Oldest first; a re-issued billing names the one it replaces (a billing of the same order)."""
        billings = BILLINGS(self.order.pk)
        by_pk = {b.pk: b for b in billings}
        for billing in billings:
            if billing.replaces_id in by_pk:
                billing.replaces = by_pk[billing.replaces_id]
        billings.sort(key=lambda b: (b.created_at, b.pk))
        return billings

    @cached_property
    def last_billing(self):
        return self.billings[-1] if self.billings else None

    @cached_property
    def payments(self) -> list:
        """Newest first."""
        payments = [b.payment for b in self.billings if _payment_of(b) is not None]
        payments.sort(key=lambda p: (p.paid_at, p.pk), reverse=True)
        return payments

    @cached_property
    def proofs(self) -> list:
        """Oldest first."""
        if not self.billings:
            return []
        proofs = PROOFS(self.order.pk)
        proofs.sort(key=lambda p: (p.uploaded_at, p.pk))
        return proofs

    @cached_property
    def last_proof(self):
        return self.proofs[-1] if self.proofs else None

    @cached_property
    def refunds(self) -> list:
        """Newest first, each with its instrument (the page's own)."""
        if not any(i.state == InstrumentState.REJECTED for i in self._instruments.values()):
            return []
        refunds = REFUNDS(self.order.pk)
        for refund in refunds:
            if refund.instrument_id in self._instruments:
                refund.instrument = self._instruments[refund.instrument_id]
        refunds.sort(key=lambda r: (r.created_at, r.pk), reverse=True)
        return refunds

    def __bool__(self) -> bool:
        return bool(self.billings or self.refunds)


def _payment_of(billing):
    from billing.models import Payment

    try:
        return billing.payment
    except Payment.DoesNotExist:
        return None
