"""Billing and payment, steps 8-10: the e-billing, the proof of payment, the treasurer's check."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.gateway import BillingItem, BillingRequest, GatewayError, IssuedBilling, get_gateway
from billing.models import (Billing, BillingLine, BillingStatus, Payment, PaymentMethod, PaymentProof, ProofStatus,
                            RefundRequest)
from catalog.models import TariffUnit
from core.uploads import check_document
from orders.models import Order
from orders.money import check_line_amount, check_order_total
from workflow.engine import TransitionNotAllowed, apply, authorize, create, lock

logger = logging.getLogger(__name__)


def _open_billing(order: Order, *, locked: bool = False) -> Billing | None:
    billings = order.billings.select_for_update() if locked else order.billings
    return billings.filter(status=BillingStatus.UNPAID).order_by("-created_at").first()


def move(document, code: str, user, order: Order, *, note: str = "", fields=(), data=None):
    """Apply the row `code` of the SOP engine to a billing, proof or refund of `order`, both locked by the
    caller (the order first, then its documents), in the caller's transaction: the engine checks role,
    state and scope, saves the status and writes the audit entry (on the order's timeline)."""
    document.order = order  # loaded: the scope and the audit entry's links read no query
    row = authorize(document, code, user)
    return apply(document, row, user, note=note, fields=list(fields), data=data, order=order)


def current_billing(order: Order) -> Billing | None:
    return order.billings.order_by("-created_at").first()


def billing_request(order: Order, expires_at) -> BillingRequest:
    """What the billing will say: payer, receiving unit (the order's unit's SIMPONI satker code), one line
    per tariff item of the approved order."""
    from units.letterhead import unit_of

    unit = unit_of(order)
    satker = unit.satker_code  # never another unit's: the PNBP is received by the unit that serves the order
    if not satker:
        raise TransitionNotAllowed(_("Unit %(unit)s belum memiliki kode satker SIMPONI; e-billing tidak dapat "
                                     "dibuat. Hubungi admin.") % {"unit": unit.name})
    items = [
        BillingItem(tariff_code=inst.tariff.code, description=f"{inst.instrument_type} {inst.brand} SN {inst.serial_number}"[:300],
                    volume=inst.units if inst.tariff_unit == TariffUnit.POINT else 1,
                    unit=str(TariffUnit(inst.tariff_unit).label), amount=inst.effective_amount)
        for inst in order.instruments.select_related("tariff", "instrument_type").order_by("position", "id")
    ]
    return BillingRequest(
        reference=order.number or f"ORDER-{order.pk}", payer_name=order.company.name, payer_npwp=order.company.npwp,
        payer_nik=order.created_by.nik, satker_code=satker,
        account_code=settings.PNBP_ACCOUNT_CODE, total=sum(i.amount for i in items), expires_at=expires_at, items=items,
        unit_code=unit.code,
    )


@dataclass(frozen=True)
class _Issued:
    request: BillingRequest
    issued: IssuedBilling
    gateway: str
    at: object


def _ask_gateway(order: Order) -> _Issued:
    """A billing code for the approved total from the configured gateway (never re-typed). Called
    outside any transaction: SIMPONI is an HTTP call, and no row stays locked while it runs."""
    now = timezone.now()
    request = billing_request(order, now + timedelta(days=settings.BILLING_EXPIRY_DAYS))
    if request.total < 0 or request.total != order.total_amount:
        raise TransitionNotAllowed(_("Jumlah tagihan tidak sah."))
    for item in request.items:
        check_line_amount(item.amount)
    check_order_total(request.total)
    gateway = get_gateway()
    try:
        issued = gateway.create_billing(request)
    except GatewayError as exc:
        raise TransitionNotAllowed(str(exc)) from exc
    return _Issued(request, issued, gateway.name, now)


def _record_billing(order: Order, user, got: _Issued, replaces: Billing | None = None) -> Billing:
    """Keep the billing the gateway issued (inside the caller's transaction, the order locked)."""
    request, issued = got.request, got.issued
    if request.total != order.total_amount:
        raise TransitionNotAllowed(_("Jumlah tagihan tidak sah."))
    if Billing.objects.filter(code=issued.code).exists():
        raise TransitionNotAllowed(_("Kode billing %(code)s sudah pernah dipakai.") % {"code": issued.code})
    billing = Billing.objects.create(
        order=order, code=issued.code, amount=request.total, created_at=got.at, expires_at=issued.expires_at,
        created_by=user, replaces=replaces, gateway=got.gateway, simponi_id=issued.simponi_id,
        payer_name=request.payer_name[:200], payer_npwp=request.payer_npwp, payer_nik=request.payer_nik,
        satker_code=request.satker_code, account_code=request.account_code,
    )
    BillingLine.objects.bulk_create([
        BillingLine(billing=billing, position=n, tariff_code=item.tariff_code, description=item.description,
                    volume=item.volume, unit=item.unit, amount=item.amount)
        for n, item in enumerate(request.items, start=1)
    ])
    return billing


def _issue(user, order_id: int, code: str) -> Billing:
    """Steps 8 and its re-issue branch: check, ask the gateway with no lock held, then lock the order,
    check again and record. When the order moved meanwhile (a second treasurer's click issued it
    first), the code just obtained is discarded: never shown, never recorded on the order, it expires
    unpaid at SIMPONI; the log keeps it for the treasurer's reconciliation."""
    unlocked = Order.objects.select_related("company", "created_by").get(pk=order_id)
    authorize(unlocked, code, user)  # a refused user never reaches the gateway
    got = _ask_gateway(unlocked)
    try:
        with transaction.atomic():
            order = lock(Order, order_id)
            row = authorize(order, code, user)
            old = current_billing(order) if code == "order.reissue_billing" else None
            if old is not None:  # the order's documents after the order
                old = Billing.objects.select_for_update().get(pk=old.pk)
            billing = _record_billing(order, user, got, replaces=old)
            data = {"billing": billing.code, "amount": billing.amount}
            if code == "order.reissue_billing":
                data = {"billing": billing.code, "replaces": old.code if old else None}
            apply(order, row, user, data=data)
            create(billing, "billing.issue", user, order=order, data={"billing": billing.code, "amount": billing.amount})
            if old is not None and old.status == BillingStatus.UNPAID:
                move(old, "billing.cancel", user, order, data={"billing": old.code, "replaced_by": billing.code})
    except BaseException:
        logger.warning("E-billing %s (%s) of order %s discarded: the order changed while it was issued",
                       got.issued.code, got.gateway, order_id)
        raise
    return billing


def issue_billing(user, order_id: int) -> Billing:
    """Step 8: the treasurer makes the e-billing; the amount is the approved total, never re-typed."""
    return _issue(user, order_id, "order.issue_billing")


def submit_payment_proof(user, order_id: int, upload) -> PaymentProof:
    """Step 9: the customer uploads the proof of payment of the open billing."""
    checked = check_document(upload)
    with transaction.atomic():
        order = lock(Order, order_id)
        row = authorize(order, "order.submit_payment", user)
        billing = _open_billing(order)
        if billing is None or billing.is_expired:
            raise TransitionNotAllowed(_("E-billing pesanan ini sudah kedaluwarsa; tunggu e-billing baru."))
        proof = PaymentProof(
            order=order, billing=billing, stored_name=checked.stored_name, original_name=checked.original_name,
            content_type=checked.content_type, size=len(checked.content), uploaded_by=user,
        )
        proof.file.save(checked.stored_name, ContentFile(checked.content), save=False)
        try:
            proof.save()
            apply(order, row, user, data={"proof": proof.pk, "billing": billing.code})
            create(proof, "payment_proof.upload", user, order=order, data={"proof": proof.pk, "billing": billing.code})
        except Exception:
            proof.file.delete(save=False)
            raise
    return proof


def _check_receipt(billing: Billing, ntpn: str, paid_at, bank: str):
    """What the treasurer read on the state receipt (BPN): a 16-character NTPN no other payment
    carries, a payment time between the billing's issue and now, and the receiving bank."""
    from billing.forms import NTPN_FORMAT, normalise_ntpn

    ntpn, bank, errors = normalise_ntpn(ntpn), (bank or "").strip(), {}
    if paid_at is not None and timezone.is_naive(paid_at):
        paid_at = timezone.make_aware(paid_at)  # read in the office's zone, as the BPN prints it
    if not NTPN_FORMAT.match(ntpn):
        errors["ntpn"] = _("NTPN terdiri dari 16 huruf atau angka; periksa kembali BPN.")
    elif Payment.objects.filter(ntpn__iexact=ntpn).exists():
        errors["ntpn"] = _("NTPN ini sudah tercatat untuk pembayaran lain.")
    if paid_at is None:
        errors["paid_at"] = _("Isi tanggal dan jam bayar sesuai BPN.")
    elif paid_at > timezone.now():
        errors["paid_at"] = _("Waktu bayar tidak boleh di masa depan.")
    elif timezone.localdate(paid_at) < timezone.localdate(billing.created_at):
        errors["paid_at"] = _("Waktu bayar lebih awal dari terbitnya e-billing %(code)s.") % {"code": billing.code}
    if not bank or len(bank) > 40:
        errors["bank"] = _("Isi nama bank/pos persepsi (paling panjang 40 karakter).")
    if errors:
        raise ValidationError(errors)
    return ntpn, paid_at, bank


def accept_payment(user, order_id: int, note: str = "", *, ntpn: str = "", paid_at=None, bank: str = "") -> Payment:
    """Step 10: the treasurer accepts the proof, recording the NTPN, payment time and bank of the
    state receipt; the billing is paid and the order goes on to CS."""
    with transaction.atomic():
        order = lock(Order, order_id)
        row = authorize(order, "order.accept_payment", user)
        billing, proof = _lock_pending_proof(order)
        if Payment.objects.filter(billing=billing).exists():
            raise TransitionNotAllowed(_("E-billing %(code)s sudah tercatat lunas.") % {"code": billing.code})
        ntpn, paid_at, bank = _check_receipt(billing, ntpn, paid_at, bank)
        try:
            with transaction.atomic():  # the unique NTPN settles a race with a push of the same receipt
                payment = Payment.objects.create(billing=billing, order=order, method=PaymentMethod.PROOF,
                                                 amount=billing.amount, paid_at=paid_at, proof=proof,
                                                 recorded_by=user, ntpn=ntpn, bank=bank)
        except IntegrityError:
            raise ValidationError({"ntpn": _("NTPN ini sudah tercatat untuk pembayaran lain.")}) from None
        apply(order, row, user, note=note, data={"billing": billing.code, "amount": billing.amount, "ntpn": ntpn,
                                                 "bank": bank, "paid_at": paid_at.isoformat()})
        proof.checked_by, proof.checked_at = user, timezone.now()
        move(proof, "payment_proof.accept", user, order, fields=["checked_by", "checked_at"],
             data={"proof": proof.pk, "billing": billing.code})
        move(billing, "billing.paid_by_proof", user, order, data={"billing": billing.code, "ntpn": ntpn})
    return payment


def _lock_pending_proof(order: Order) -> tuple[Billing, PaymentProof]:
    """The proof waiting for the treasurer and its billing, locked (the order is locked already; the
    billing before the proof, the one lock order of documents)."""
    pending = order.payment_proofs.filter(status=ProofStatus.PENDING).values_list("pk", "billing_id").first()
    if pending is None:
        raise TransitionNotAllowed(_("Tidak ada bukti bayar yang menunggu pemeriksaan."))
    billing = Billing.objects.select_for_update().get(pk=pending[1])
    proof = PaymentProof.objects.select_for_update().get(pk=pending[0])
    return billing, proof


def reject_payment(user, order_id: int, reason: str) -> PaymentProof:
    """Step 10 branch: the proof is rejected; the order goes back to the customer with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tuliskan alasan penolakan bukti bayar."))
    with transaction.atomic():
        order = lock(Order, order_id)
        row = authorize(order, "order.reject_payment", user)
        open_billing = _open_billing(order, locked=True)  # the billing before the proof
        proof = order.payment_proofs.select_for_update().filter(status=ProofStatus.PENDING).first()
        if proof is None:
            raise TransitionNotAllowed(_("Tidak ada bukti bayar yang menunggu pemeriksaan."))
        apply(order, row, user, note=reason, data={"proof": proof.pk})
        proof.rejection_reason, proof.checked_by, proof.checked_at = reason, user, timezone.now()
        move(proof, "payment_proof.reject", user, order, note=reason,
             fields=["rejection_reason", "checked_by", "checked_at"], data={"proof": proof.pk})
        _expire_if_no_open_billing(order, open_billing)
    return proof


def _expire_if_no_open_billing(order: Order, billing: Billing | None) -> None:
    """Back to the customer with no billing left to pay (it expired while the proof waited): the
    order waits for the treasurer's re-issue instead of staying stuck. `billing`: the order's open
    billing, locked, or None."""
    if billing is not None and not billing.is_expired:
        return
    apply(order, authorize(order, "order.expire_billing", None), None)
    if billing is not None:
        move(billing, "billing.expire", None, order, data={"billing": billing.code})


def expire_billings(now=None) -> int:
    """Mark unpaid billings past their expiry; their orders wait for a re-issue. Returns how many."""
    now = now or timezone.now()
    count = 0
    due = Billing.objects.filter(status=BillingStatus.UNPAID, expires_at__lte=now).values_list("pk", "order_id")
    for billing_id, order_id in due:
        with transaction.atomic():
            order = lock(Order, order_id)  # the order before its documents, as everywhere
            billing = Billing.objects.select_for_update().get(pk=billing_id)
            if billing.status != BillingStatus.UNPAID:
                continue
            try:
                row = authorize(order, "order.expire_billing", None)
            except TransitionNotAllowed:
                pass  # e.g. a proof is waiting: the treasurer decides
            else:
                apply(order, row, None, data={"billing": billing.code})
            move(billing, "billing.expire", None, order, data={"billing": billing.code})
            count += 1
    return count


def reissue_billing(user, order_id: int) -> Billing:
    """Branch: an expired billing is replaced by a new one; the old one is kept and linked."""
    return _issue(user, order_id, "order.reissue_billing")


def cancel_open_billings(order: Order) -> None:
    """The order is cancelled (the caller holds its lock, in its transaction): its unpaid billings are
    cancelled with it, by the system (the order's own entry names who cancelled)."""
    for billing in order.billings.select_for_update().filter(status=BillingStatus.UNPAID).order_by("pk"):
        move(billing, "billing.cancel_with_order", None, order, data={"billing": billing.code})


def record_refund_request(order: Order, instrument, reason: str) -> RefundRequest | None:
    """An instrument of a paid order was rejected (the caller holds the order's lock): the money for it
    is to be given back. At most one request per instrument; its creation is on the order's timeline."""
    if not order.payments.exists():
        return None
    refund, made = RefundRequest.objects.get_or_create(
        instrument=instrument, defaults={"order": order, "amount": instrument.effective_amount, "reason": reason})
    if made:
        create(refund, "refund.request", None, order=order,
               data={"refund": refund.pk, "amount": refund.amount, "instrument": instrument.pk})
    return refund


def complete_refund(user, refund_id: int, note: str = "") -> RefundRequest:
    """The treasurer records that the state's refund procedure for this request is done."""
    order_id = RefundRequest.objects.values_list("order_id", flat=True).get(pk=refund_id)
    with transaction.atomic():
        order = lock(Order, order_id)  # the order before its documents, as everywhere
        refund = RefundRequest.objects.select_for_update().get(pk=refund_id)
        refund.done_at, refund.done_by = timezone.now(), user
        refund.done_note = (note or "").strip()[:2000]
        move(refund, "refund.done", user, order, note=refund.done_note, fields=["done_at", "done_by", "done_note"],
             data={"refund": refund.pk, "amount": refund.amount, "instrument": refund.instrument_id})
    return refund
