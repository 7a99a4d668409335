"""The built-in gateway: billing codes from the numbering service (the receiving unit's series and satker
code), no outside service."""
from __future__ import annotations

from django.db import transaction

from billing.gateway import BillingRequest, BillingStatusReport, IssuedBilling
from core.numbering import next_number


class BuiltinGateway:
    name = "builtin"
    can_poll = False

    def create_billing(self, request: BillingRequest) -> IssuedBilling:
        """A code in its own short transaction, as SIMPONI issues one before the order is locked; a code
        whose order moved meanwhile is discarded like a SIMPONI one (a gap in the numbers)."""
        with transaction.atomic():
            return IssuedBilling(code=next_number("billing", unit_code=request.unit_code or None),
                                 expires_at=request.expires_at)

    def billing_status(self, billing) -> BillingStatusReport:
        """Nobody outside knows this code: it is paid when the treasurer accepts the proof."""
        return BillingStatusReport(paid=False)
