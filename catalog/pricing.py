"""The price of one instrument: the tariff in force on a date, per point/channel or per instrument, less the
largest reduction the company is granted on that date (rounded down to whole rupiah). The order form's live
price and the saving of an order both price through `price_for`, so what the customer is shown is what
the order costs."""
from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from catalog.models import InstrumentType, Tariff, TariffReduction, TariffUnit


@dataclass(frozen=True)
class Price:
    """One instrument priced: `units` is what the tariff is multiplied by (1 for a per-instrument tariff),
    `list_amount` the price before the reduction and `amount` the price to pay."""

    tariff: Tariff
    reduction: TariffReduction | None
    units: int
    list_amount: int
    amount: int


def terms(instrument_type: InstrumentType, company_id, when, memo: dict | None = None, unit_id=None
          ) -> tuple[Tariff | None, TariffReduction | None]:
    """The tariff of `instrument_type` in force on `when` and the company's largest reduction in force then
    in the unit `unit_id` (None without a company or a tariff). The tariff is national. With a `memo` dict they are read once per instrument type, company
    and date: ten similar instruments cost two queries, not twenty."""
    key = (instrument_type.pk, company_id, when, unit_id)
    if memo is not None and key in memo:
        return memo[key]
    tariff = instrument_type.current_tariff(when)
    reduction = (TariffReduction.applicable(company_id, instrument_type.pk, when, unit_id)
                 if tariff is not None and company_id else None)
    if memo is not None:
        memo[key] = (tariff, reduction)
    return tariff, reduction


def price_for(instrument_type: InstrumentType, units: int, company_id, when=None,
              memo: dict | None = None, unit_id=None) -> Price | None:
    """The price of one instrument of `instrument_type` calibrated at `units` points/channels for the
    company on `when` (today by default) in the unit `unit_id`, or None when the type has no tariff in force. `units` counts only
    for a per-point tariff; checking its range is the caller's business."""
    when = when or timezone.localdate()
    tariff, reduction = terms(instrument_type, company_id, when, memo, unit_id)
    if tariff is None:
        return None
    charged = units if tariff.unit == TariffUnit.POINT else 1
    list_amount = tariff.amount * charged
    amount = reduction.reduced(list_amount) if reduction is not None else list_amount
    return Price(tariff=tariff, reduction=reduction, units=charged, list_amount=list_amount, amount=amount)
