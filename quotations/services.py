"""Issuing the quotation (surat penawaran harga) when Ketua Tim PJI approves the tariff (step 6)."""
from __future__ import annotations

from django.db import transaction
from django.utils import translation

from core.numbering import next_number
from quotations.models import Quotation
from units.current import unit_code_of


def _line(inst) -> dict:
    tariff, regulation = inst.tariff, inst.tariff.regulation
    return {
        "position": inst.position, "type": str(inst.instrument_type), "brand": inst.brand, "model": inst.model,
        "serial": inst.serial_number, "capacity": inst.capacity, "points": inst.points, "units": inst.units,
        "unit": str(inst.get_tariff_unit_display()), "tariff_code": tariff.code, "unit_price": inst.unit_price,
        "list_amount": inst.list_amount, "reduction_percent": inst.reduction_percent,
        "reduction_basis": inst.reduction_basis, "amount": inst.amount, "approved": inst.effective_amount,
        "correction_reason": inst.correction_reason if inst.corrected_amount is not None else "",
        "regulation": regulation.number, "regulation_title": regulation.title,
    }


def issue_quotation(user, order, instruments=None) -> Quotation:
    """A new numbered quotation of the order's price as approved now. Call inside the approval's
    transaction, after the corrections are saved: the number is taken there and given back on rollback.
    `instruments`: the order's instruments as the approval locked them (with their type and tariff), else
    read here. The document is written in Indonesian, like every stored document."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a quotation is issued inside the transaction that approves the price")
    if instruments is None:
        instruments = order.instruments.select_related("instrument_type", "tariff__regulation")
    instruments = sorted(instruments, key=lambda inst: (inst.position, inst.pk))
    company = order.company
    with translation.override("id"):
        lines = [_line(inst) for inst in instruments]
    return Quotation.objects.create(
        order=order, number=next_number("quotation", unit_code=unit_code_of(order)), issued_by=user, order_number=order.number or "",
        company_name=company.name, company_address=company.address, company_npwp=company.npwp,
        lines=lines, total=sum(line["approved"] for line in lines),
    )


def current_quotation(order) -> Quotation | None:
    """The quotation of the price approved last, or None before step 6."""
    return order.quotations.order_by("-issued_at", "-pk").first()
