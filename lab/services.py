"""Reception and the laboratory, steps 11-13, and the order-level consequences of instrument states."""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from billing.models import RefundRequest
from catalog.models import Laboratory
from core.numbering import next_number
from lab.models import Parameter, Reception
from metrology.services import authorised_analysts
from orders.models import Instrument, Order
from orders.settle import settle_order
from units.current import unit_code_of
from workflow.engine import TransitionNotAllowed, apply, apply_with_reason, authorize, lock, lock_order_and_instrument
from workflow.states import InstrumentState


@dataclass
class ReceptionLine:
    instrument_id: int
    accepted: bool
    condition: str = ""
    accessories: str = ""
    laboratory_id: int | None = None
    supervisor_id: int | None = None
    reason: str = ""


def _supervisor(lab_id, supervisor_id) -> tuple[Laboratory, User]:
    try:
        lab = Laboratory.objects.get(pk=lab_id)
    except (Laboratory.DoesNotExist, ValueError, TypeError):
        raise ValidationError(_("Pilih laboratorium.")) from None
    try:
        sup = User.objects.get(pk=supervisor_id, roles__role=Role.PENYELIA, laboratory=lab, is_active=True)
    except (User.DoesNotExist, ValueError, TypeError):
        raise ValidationError(_("Pilih penyelia dari %(lab)s.") % {"lab": lab}) from None
    return lab, sup


def _record_refund(order: Order, inst: Instrument, reason: str) -> None:
    if order.payments.exists():
        RefundRequest.objects.get_or_create(
            instrument=inst, defaults={"order": order, "amount": inst.effective_amount, "reason": reason})


def receive_order(user, order_id: int, lines: list[ReceptionLine], delivered_by: str = "") -> Reception:
    """Step 11: CS receives the instruments, numbers the samples, chooses laboratory and supervisor;
    instruments refused at the counter go back to the customer with the reason."""
    with transaction.atomic():
        order = lock(Order, order_id)
        row = authorize(order, "order.receive", user)
        instruments = {i.pk: i for i in order.instruments.select_for_update().filter(
            state=InstrumentState.AWAITING_RECEPTION)}
        by_id = {line.instrument_id: line for line in lines}
        if set(by_id) != set(instruments):
            raise ValidationError(_("Tentukan penerimaan untuk setiap alat dalam pesanan."))
        now = timezone.now()
        unit_code = unit_code_of(order)  # the order's unit numbers its receipt and samples
        reception = Reception.objects.create(order=order, number=next_number("receipt", unit_code=unit_code), received_by=user,
                                             received_at=now, delivered_by=delivered_by.strip()[:150])
        accepted_any = False
        for pk, inst in sorted(instruments.items(), key=lambda kv: kv[1].position):
            line = by_id[pk]
            inst.condition, inst.accessories = line.condition.strip()[:200], line.accessories.strip()[:200]
            if line.accepted:
                lab, sup = _supervisor(line.laboratory_id, line.supervisor_id)
                inst.laboratory, inst.supervisor = lab, sup
                inst.sample_id, inst.received_at = next_number("sample", unit_code=unit_code), now
                t = authorize(inst, "instrument.receive", user)
                apply(inst, t, user, order=order, data={"sample_id": inst.sample_id, "laboratory": lab.code},
                      fields=["condition", "accessories", "laboratory", "supervisor", "sample_id", "received_at"])
                Parameter.objects.bulk_create(
                    [Parameter(instrument=inst, name=name) for name in inst.instrument_type.parameter_names])
                accepted_any = True
            else:
                reason = line.reason.strip()
                if not reason:
                    raise ValidationError(_("Tuliskan alasan menolak alat %(inst)s.") % {"inst": inst})
                inst.rejection_reason = reason
                t = authorize(inst, "instrument.reject_at_reception", user)
                apply(inst, t, user, order=order, note=reason, fields=["condition", "accessories", "rejection_reason"])
                _record_refund(order, inst, reason)
        apply(order, row, user, data={"receipt": reception.number})
        if not accepted_any:
            settle_order(order)
    return reception


def assign_analysts(user, instrument_id: int, analysts: dict[int, int], note: str = "") -> Instrument:
    """Step 12: the supervisor checks the instrument and picks an analyst for each parameter."""
    with transaction.atomic():
        _order, inst = lock_order_and_instrument(instrument_id)
        row = authorize(inst, "instrument.assign", user)
        params = list(inst.parameters.select_for_update())
        if not params:
            raise ValidationError(_("Alat ini tidak memiliki parameter untuk ditugaskan."))
        chosen = {}
        for param in params:
            analyst_id = analysts.get(param.pk)
            try:
                analyst = User.objects.get(pk=analyst_id, roles__role=Role.ANALIS,
                                           laboratory_id=inst.laboratory_id, is_active=True)
            except (User.DoesNotExist, ValueError, TypeError):
                raise ValidationError(_("Pilih analis dari laboratorium ini untuk parameter %(p)s.") % {"p": param}) from None
            if not authorised_analysts(inst, User.objects.filter(pk=analyst.pk)).exists():
                raise ValidationError(_("%(a)s belum berwenang untuk metode kalibrasi alat ini (ISO/IEC 17025 6.2); "
                                        "pilih analis yang berwenang untuk parameter %(p)s.") % {"a": analyst, "p": param})
            param.analyst = analyst
            param.save(update_fields=["analyst"])
            chosen[param.name] = analyst.username
        apply(inst, row, user, note=note, data={"analysts": chosen})
    return inst


def reject_at_check(user, instrument_id: int, reason: str) -> Instrument:
    """Step 12 branch: the supervisor rejects the instrument; it goes back to the customer."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tuliskan alasan menolak alat."))
    with transaction.atomic():
        order, inst = lock_order_and_instrument(instrument_id)
        row = authorize(inst, "instrument.reject_at_check", user)
        inst.rejection_reason = reason
        apply(inst, row, user, order=order, note=reason, fields=["rejection_reason"])
        _record_refund(order, inst, reason)
        settle_order(order)
    return inst


def approve_assignment(user, instrument_id: int, note: str = "") -> Instrument:
    """Step 13: MT validates the parameters and analysts; the work goes to the analysts."""
    with transaction.atomic():
        _order, inst = lock_order_and_instrument(instrument_id)
        row = authorize(inst, "instrument.approve_assignment", user)
        if inst.parameters.filter(analyst__isnull=True).exists():
            raise TransitionNotAllowed(_("Setiap parameter harus memiliki analis."))
        apply(inst, row, user, note=note)
    return inst


def return_assignment(user, instrument_id: int, reason: str) -> Instrument:
    """Step 13 branch: MT sends the assignment back to the supervisor with a reason."""
    return apply_with_reason(Instrument, instrument_id, "instrument.return_assignment", user, reason,
                             missing=_("Tuliskan alasan pengembalian."), field="return_note",
                             locker=lambda pk: lock_order_and_instrument(pk)[1])
