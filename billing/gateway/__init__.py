"""The billing gateway: where billing codes come from and where payment status is asked.

Two implementations, chosen by settings.BILLING_GATEWAY:
- "builtin" (the default): codes from core.numbering, no outside service; payment is confirmed by
  the treasurer from the uploaded proof.
- "simponi": the host-to-host client of the Finance Ministry's SIMPONI (see docs/simponi.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class GatewayError(Exception):
    """The gateway could not do what was asked; the message is for the treasurer."""


@dataclass(frozen=True)
class BillingItem:
    tariff_code: str
    description: str
    volume: int
    unit: str
    amount: int  # the line total, rupiah


@dataclass(frozen=True)
class BillingRequest:
    """What a billing says: the payer, the receiving unit and one line per tariff item."""

    reference: str  # our transaction id (the order number)
    payer_name: str
    payer_npwp: str
    payer_nik: str
    satker_code: str
    account_code: str
    total: int
    expires_at: datetime
    items: list[BillingItem] = field(default_factory=list)
    unit_code: str = ""  # the receiving unit (units.Unit.code): the built-in gateway numbers in its series


@dataclass(frozen=True)
class IssuedBilling:
    code: str
    expires_at: datetime
    simponi_id: str = ""


@dataclass(frozen=True)
class PaymentNotice:
    """A payment reported by the state billing system (pushed or found by a status poll)."""

    billing_code: str
    ntpn: str
    ntb: str = ""
    paid_at: datetime | None = None
    bank: str = ""
    channel: str = ""
    simponi_id: str = ""
    amount: int | None = None  # only when the source reports it


@dataclass(frozen=True)
class BillingStatusReport:
    paid: bool
    notice: PaymentNotice | None = None
    raw: str = ""


GATEWAYS = {
    "builtin": "billing.gateway.builtin.BuiltinGateway",
    "simponi": "billing.gateway.simponi.SimponiGateway",
}


def get_gateway():
    from django.utils.module_loading import import_string

    name = settings.BILLING_GATEWAY
    if name not in GATEWAYS:
        raise ImproperlyConfigured(f"BILLING_GATEWAY must be one of {sorted(GATEWAYS)}, not {name!r}")
    return import_string(GATEWAYS[name])()
