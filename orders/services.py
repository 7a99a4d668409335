"""Order transitions, steps 4-7 and cancellation. One function per transition."""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import InstrumentType, UnitOffering
from catalog.offerings import offering
from catalog.pricing import Price, price_for
from core.numbering import next_number
from orders.models import Instrument, Order
from orders.money import check_line_amount, check_order_total
from quotations.services import issue_quotation
from units.current import unit_code_of
from workflow.clock import due_for
from workflow.engine import TransitionNotAllowed, apply, apply_with_reason, authorize, lock, record
from workflow.worktime import office_calendar

MAX_INSTRUMENTS_PER_ORDER = 200


@dataclass
class InstrumentLine:
    instrument_type_id: int
    brand: str
    serial_number: str
    capacity: str
    model: str = ""
    resolution: str = ""
    points: str = ""
    units: int = 1
    tolerance: str = ""
    customer_identification: str = ""


def _pricing(order: Order, type_id: int, line: InstrumentLine, when, known: dict
             ) -> tuple[UnitOffering | None, Price | None]:
    """The order's unit's offering of the line's active instrument type (None when the unit does not offer
    it) and the price of one instrument of the line for the order's company on `when` (catalog.pricing, as
    the order form's live price). `known` is the order's memo, holding the offerings under ("type", id) and
    catalog.pricing's tariffs and reductions: each is read once per type (ten similar instruments cost
    three queries, not thirty)."""
    key = ("type", type_id)
    if key not in known:
        known[key] = offering(order.unit_id, type_id)
    offered = known[key]
    if offered is None:
        return None, None
    return offered, price_for(offered.instrument_type, line.units, order.company_id, when, memo=known,
                              unit_id=order.unit_id)


def _priced_instrument(order: Order, position: int, line: InstrumentLine, when, known: dict) -> Instrument:
    offered, price = _pricing(order, line.instrument_type_id, line, when, known)
    if offered is None:
        known_type = InstrumentType.objects.filter(pk=line.instrument_type_id, active=True).first()
        if known_type is not None:
            raise ValidationError(_("Baris %(n)s: %(type)s tidak dilayani oleh %(unit)s.")
                                  % {"n": position, "type": known_type, "unit": order.unit})
        raise ValidationError(_("Baris %(n)s: jenis alat tidak dikenal.") % {"n": position})
    itype = offered.instrument_type
    if price is None:
        raise ValidationError(_("Baris %(n)s: %(type)s belum memiliki tarif yang berlaku.") % {"n": position, "type": itype})
    if price.units < 1 or price.units > 100:
        raise ValidationError(_("Baris %(n)s: jumlah titik/kanal harus 1 sampai 100.") % {"n": position})
    for label, value in ((_("merek"), line.brand), (_("nomor seri"), line.serial_number),
                         (_("kapasitas/rentang"), line.capacity)):
        if not value.strip():
            raise ValidationError(_("Baris %(n)s: %(field)s wajib diisi.") % {"n": position, "field": label})
    try:
        check_line_amount(price.amount)
    except ValidationError as exc:
        raise ValidationError(_("Baris %(n)s: %(why)s") % {"n": position, "why": " ".join(exc.messages)}) from None
    tariff, reduction = price.tariff, price.reduction
    return Instrument(
        order=order, position=position, instrument_type=itype, tariff=tariff, brand=line.brand.strip(),
        model=line.model.strip(), serial_number=line.serial_number.strip(), capacity=line.capacity.strip(),
        resolution=line.resolution.strip(), points=line.points.strip(), tolerance=line.tolerance.strip(),
        customer_identification=line.customer_identification.strip()[:100],
        tariff_unit=tariff.unit, units=price.units, unit_price=tariff.amount, amount=price.amount,
        reduction=reduction, reduction_percent=reduction.percent if reduction else 0,
        reduction_basis=reduction.legal_basis if reduction else "", reduction_reason=reduction.reason if reduction else "",
        laboratory=offered.laboratory,  # the unit's laboratory that calibrates the type
    )


def _stamp_due(item, subject: str):
    """A new item waits in its initial state from its creation: its deadline, as the engine writes one
    when an item enters a state (workflow.clock)."""
    unit_id = item.unit_id if subject == "order" else item.order.unit_id  # its order's unit's clock
    item.due_at = due_for(office_calendar(unit_id), subject, item.state, item.state_entered_at)
    return item


def _check_customer(user):
    if not (user.is_authenticated and user.is_customer and user.company_id):
        raise TransitionNotAllowed(_("Hanya pelanggan dengan perusahaan terdaftar yang dapat membuat pesanan."))


def _unit_for(unit_code: str | None):
    """The active unit the customer orders from, by its code; the default unit when none is named."""
    from units.current import default_unit
    from units.models import Unit

    if not unit_code:
        return default_unit()
    unit = Unit.objects.filter(code=unit_code, is_active=True).first()
    if unit is None:
        raise ValidationError(_("Unit “%(code)s” tidak dikenal atau tidak aktif.") % {"code": unit_code[:40]})
    return unit


@transaction.atomic
def save_draft(user, lines: list[InstrumentLine], notes: str = "", order_id: int | None = None,
               unit_code: str | None = None) -> Order:
    """Create a draft order with the unit the customer picked (`unit_code`; the default unit when none),
    or replace the lines of the customer's own draft (and its unit, when one is named). Every line's
    instrument type must be offered by that unit; its instrument goes to the unit's laboratory."""
    _check_customer(user)
    if not lines:
        raise ValidationError(_("Pesanan harus berisi paling sedikit satu alat."))
    if len(lines) > MAX_INSTRUMENTS_PER_ORDER:
        raise ValidationError(_("Satu pesanan berisi paling banyak %(n)s alat.") % {"n": MAX_INSTRUMENTS_PER_ORDER})
    if order_id is None:
        order = Order(company_id=user.company_id, created_by=user, notes=notes, unit=_unit_for(unit_code))
        _stamp_due(order, "order")  # a new draft waits for step 4: its due time, as the engine writes one
        order.save(force_insert=True)
    else:
        order = lock(Order, order_id)
        authorize(order, "order.submit", user)  # only the company's own draft can be edited
        order.notes = notes
        if unit_code:
            order.unit = _unit_for(unit_code)
        order.save(update_fields=["notes", "unit"])
        order.instruments.all().delete()
    when = timezone.localdate()
    known: dict = {}
    made = [_stamp_due(_priced_instrument(order, n, line, when, known), "instrument") for n, line in enumerate(lines, 1)]
    Instrument.objects.bulk_create(made)
    check_order_total(sum(i.effective_amount for i in made))
    return order


def submit_order(user, order_id: int) -> Order:
    """Step 4: the customer submits the order."""
    with transaction.atomic():
        order = lock(Order, order_id)
        row = authorize(order, "order.submit", user)
        if not order.instruments.exists():
            raise TransitionNotAllowed(_("Pesanan harus berisi paling sedikit satu alat."))
        apply(order, row, user, data={"total": order.total_amount})
    return order


def validate_order(user, order_id: int, note: str = "") -> Order:
    """Step 5: CS checks and approves the order; its number is made."""
    with transaction.atomic():
        order = lock(Order, order_id)
        row = authorize(order, "order.validate", user)
        fields = []
        if not order.number:
            order.number = next_number("order", unit_code=unit_code_of(order))
            fields.append("number")
        apply(order, row, user, note=note, fields=fields, data={"number": order.number})
    return order


def approve_tariff(user, order_id: int, corrections: dict[int, tuple[int, str]] | None = None,
                   note: str = "") -> Order:
    """Step 6: Ketua Tim PJI approves the tariff, correcting lines with a reason where needed."""
    corrections = corrections or {}
    with transaction.atomic():
        order = lock(Order, order_id)
        row = authorize(order, "order.approve_tariff", user)
        changed = []
        # locked with what the quotation names (only the instruments' rows are locked)
        instruments = {i.pk: i for i in order.instruments.select_related("instrument_type", "tariff__regulation")
                       .select_for_update(of=("self",))}
        for pk, (amount, reason) in corrections.items():
            inst = instruments.get(pk)
            if inst is None:
                raise ValidationError(_("Alat #%(pk)s bukan bagian dari pesanan ini.") % {"pk": pk})
            if amount is None or amount == inst.effective_amount:
                continue
            check_line_amount(amount)
            if not (reason or "").strip():
                raise ValidationError(_("Alasan koreksi tarif wajib diisi untuk alat %(inst)s.") % {"inst": inst})
            changed.append({"instrument": pk, "from": inst.effective_amount, "to": amount, "reason": reason.strip()})
            inst.corrected_amount = amount
            inst.correction_reason = reason.strip()
            inst.save(update_fields=["corrected_amount", "correction_reason"])
        total = sum(i.effective_amount for i in instruments.values())
        check_order_total(total)
        quotation = issue_quotation(user, order, instruments.values())
        apply(order, row, user, note=note, data={"corrections": changed, "total": total,
                                                  "quotation": quotation.number})
    return order


def accept_price(user, order_id: int) -> Order:
    """Step 7: the customer accepts the price and asks for the e-billing."""
    with transaction.atomic():
        order = lock(Order, order_id)
        row = authorize(order, "order.accept_price", user)
        apply(order, row, user, data={"total": order.total_amount})
    return order


def reject_price(user, order_id: int, reason: str) -> Order:
    """Step 7 branch: the customer rejects the price; the order goes back to CS with the reason."""
    return apply_with_reason(Order, order_id, "order.reject_price", user, reason,
                             missing=_("Tuliskan alasan menolak harga."), field="price_rejection_reason")


def return_to_customer(user, order_id: int, reason: str) -> Order:
    """Step 5 branch: CS sends a submitted order back to the customer as a draft, saying what to correct;
    the customer edits it and submits again."""
    return apply_with_reason(Order, order_id, "order.return_to_customer", user, reason,
                             missing=_("Tuliskan apa yang perlu diperbaiki pelanggan."), field="return_reason")


def cancel_order(user, order_id: int, reason: str) -> Order:
    """The customer or CS cancels the order any time before payment."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tuliskan alasan pembatalan."))
    with transaction.atomic():
        order = lock(Order, order_id)
        row = authorize(order, "order.cancel", user)
        order.cancel_reason = reason
        apply(order, row, user, note=reason, fields=["cancel_reason"])
        from billing.services import cancel_open_billings

        cancel_open_billings(order)
    return order


def record_document_download(user, role: str, order: Order, what: str):
    record("document.download", user, role, order=order, note=what)
