"""Automatic payment: a notification from the state billing system (a push or a status poll) marks
a known, unpaid, unexpired billing paid and moves the order on, with no human step.

Every notification from an allowed source is stored before anything else is decided
(PaymentNotification: never dropped; its payload capped at SIMPONI_PUSH_PAYLOAD_LIMIT bytes), then
matched. Pushes from other addresses are only counted (push_guard). Matching locks the order, then the billing (the same order as the treasurer's
accept_payment), and checks for an existing Payment, so a push and a manual acceptance of the same
billing give exactly one payment; Payment.billing (one-to-one) and Payment.ntpn (unique) back it.
"""
from __future__ import annotations

import hmac
import ipaddress
import json
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import push_guard
from billing.gateway import GatewayError, PaymentNotice, get_gateway
from billing.gateway.simponi import RESPONSE_ACCEPTED, RESPONSE_REFUSED, read_push
from billing.models import (SETTLED_OUTCOMES, Billing, BillingStatus, NotificationOutcome as Out,
                            NotificationSource, Payment, PaymentMethod, PaymentNotification, ProofStatus)
from billing.services import move
from core.net import in_networks
from orders.models import Order
from workflow.engine import TransitionNotAllowed, apply, authorize, lock, record

log = logging.getLogger(__name__)


def ip_allowed(ip: str | None) -> bool:
    return in_networks(ip, settings.SIMPONI_ALLOWED_IPS)


def credentials_valid(user: str, password: str) -> bool:
    expected_user, expected_password = settings.SIMPONI_PUSH_USER, settings.SIMPONI_PUSH_PASSWORD
    if not expected_user or not expected_password:
        return False  # not configured: nobody may push
    same_user = hmac.compare_digest(str(user or "").encode(), expected_user.encode())
    same_password = hmac.compare_digest(str(password or "").encode(), expected_password.encode())
    return same_user and same_password


SECRET_KEYS = ("password", "passwd", "pass")


def payload_to_keep(body: bytes, message: dict | None = None) -> str:
    """The payload as stored: a password the message carries is masked, NUL bytes (which PostgreSQL
    text cannot hold) are replaced, and at most SIMPONI_PUSH_PAYLOAD_LIMIT bytes are kept."""
    limit = settings.SIMPONI_PUSH_PAYLOAD_LIMIT
    if message is not None and any(key in message for key in SECRET_KEYS):
        text = json.dumps({k: ("***" if k in SECRET_KEYS else v) for k, v in message.items()}, ensure_ascii=False)
    else:
        text = body.decode("utf-8", "replace")
    data = text.replace("\x00", "\ufffd").encode("utf-8")
    if len(data) <= limit:
        return data.decode("utf-8")
    marker = f" [dipotong: {len(body)} bita diterima]".encode()
    return data[:limit - len(marker)].decode("utf-8", "ignore") + marker.decode()


def _store(source: str, raw: str, ip: str | None) -> PaymentNotification:
    """Keep the notification as received, in its own committed write, before deciding anything."""
    try:
        ip = str(ipaddress.ip_address(ip)) if ip else None
    except ValueError:
        ip = None
    with transaction.atomic():
        return PaymentNotification.objects.create(source=source, raw_payload=raw, source_ip=ip)


def _finish(note: PaymentNotification, outcome: str, detail: str = "", *, billing=None, payment=None,
            notice: PaymentNotice | None = None, attention: bool | None = None) -> PaymentNotification:
    note.outcome = outcome
    note.response_code = RESPONSE_ACCEPTED if outcome == Out.ACCEPTED else RESPONSE_REFUSED
    note.needs_attention = outcome not in SETTLED_OUTCOMES if attention is None else attention
    note.detail = detail[:2000]
    note.billing = billing or note.billing
    note.payment = payment
    if notice is not None:
        note.billing_code, note.ntpn = notice.billing_code[:40], notice.ntpn[:40]
    note.save(update_fields=["outcome", "response_code", "needs_attention", "detail", "billing", "payment",
                             "billing_code", "ntpn"])
    return note


def receive_push(body: bytes, content_type: str, ip: str | None, basic_auth: tuple[str, str] | None = None
                 ) -> PaymentNotification:
    """A payment pushed by SIMPONI (`activeinquiry`) from an allowed address (push.py counts and
    refuses the others without storing them). Authenticated by credentials (HTTP Basic, or
    `userid`/`password` in the message). Returns the stored notification, whose response_code is the
    answer to give. Wrong credentials are stored without asking the treasurer to handle each: the
    first in an interval raises one alert (push_guard), and the status poll finds the payment."""
    if not ip_allowed(ip):
        raise ValueError(f"push from an address not allowed: {ip!r}")
    try:
        message, notice = read_push(body, content_type)
    except (ValueError, TypeError, RecursionError) as exc:  # RecursionError: JSON nested too deep
        message, notice = None, None
        malformed = str(exc) or type(exc).__name__
    note = _store(NotificationSource.PUSH, payload_to_keep(body, message), ip)
    user, password = basic_auth or ("", "")
    if message is not None and not basic_auth:
        user, password = message.get("userid") or message.get("user_id") or "", message.get("password") or ""
    if not credentials_valid(user, password):
        alert = push_guard.credentials_alert_due()
        note = _finish(note, Out.BAD_CREDENTIALS,
                       push_guard.credentials_alert_text() if alert else _("Kredensial kiriman tidak cocok."),
                       notice=notice, attention=alert)
        if alert:
            push_guard.alert_treasurers()
        return note
    if notice is None:
        return _finish(note, Out.MALFORMED, malformed)
    return match_notice(note, notice)


def poll_billing(billing_id: int) -> PaymentNotification | None:
    """Ask the gateway for the billing's status; a payment found is matched like a push.
    Returns the stored notification, or None when the billing is still unpaid."""
    billing = Billing.objects.get(pk=billing_id)
    gateway = get_gateway()
    if not gateway.can_poll or billing.gateway != gateway.name:
        return None
    report = gateway.billing_status(billing)
    if not report.paid or report.notice is None:
        return None
    note = _store(NotificationSource.POLL, payload_to_keep(report.raw.encode()), None)
    if report.notice.billing_code != billing.code:
        return _finish(note, Out.UNKNOWN_CODE, _("Jawaban status menyebut kode lain."), notice=report.notice)
    return match_notice(note, report.notice)


def poll_unpaid_billings() -> int:
    """Poll every unpaid, unexpired billing made through the gateway; returns how many were paid."""
    gateway = get_gateway()
    if not gateway.can_poll:
        return 0
    paid = 0
    ids = Billing.objects.filter(status=BillingStatus.UNPAID, gateway=gateway.name,
                                 expires_at__gt=timezone.now()).values_list("pk", flat=True)
    for billing_id in ids:
        try:
            note = poll_billing(billing_id)
        except GatewayError as exc:
            log.warning("status poll of billing %s failed: %s", billing_id, exc)
            continue
        paid += bool(note and note.outcome == Out.ACCEPTED)
    return paid


def match_notice(note: PaymentNotification, notice: PaymentNotice) -> PaymentNotification:
    """Match a stored notification to its billing and record the payment when everything agrees."""
    try:
        with transaction.atomic():
            outcome, detail, billing, payment = _match(notice)
    except IntegrityError:
        billing = Billing.objects.filter(code=notice.billing_code).first()
        outcome, detail, payment = Out.NTPN_REUSED, _("NTPN ini sudah tercatat untuk pembayaran lain."), None
    except Exception as exc:  # the notification is kept whatever happens
        log.exception("payment notification %s could not be matched", note.pk)
        billing = Billing.objects.filter(code=notice.billing_code).first()
        outcome, detail, payment = Out.ERROR, str(exc), None
    return _finish(note, outcome, detail, billing=billing, payment=payment, notice=notice)


def _match(notice: PaymentNotice):
    found = Billing.objects.filter(code=notice.billing_code).only("pk", "order_id").first()
    if found is None:
        return Out.UNKNOWN_CODE, _("Tidak ada e-billing dengan kode ini."), None, None
    order = lock(Order, found.order_id)
    billing = Billing.objects.select_for_update().get(pk=found.pk)
    existing = Payment.objects.filter(billing=billing).first()
    if existing is not None:
        if existing.ntpn == notice.ntpn:
            return Out.DUPLICATE, _("Pembayaran dengan NTPN ini sudah tercatat."), billing, existing
        return (Out.ALREADY_PAID, _("E-billing sudah lunas (%(how)s); NTPN kiriman berbeda.")
                % {"how": existing.ntpn or existing.get_method_display()}, billing, None)
    if Payment.objects.filter(ntpn=notice.ntpn).exists():
        return Out.NTPN_REUSED, _("NTPN ini sudah tercatat untuk e-billing lain."), billing, None
    if billing.status == BillingStatus.CANCELLED:
        return Out.CANCELLED, _("E-billing ini sudah dibatalkan/diganti."), billing, None
    if billing.status == BillingStatus.EXPIRED or timezone.now() >= billing.expires_at:
        return Out.EXPIRED, _("E-billing ini sudah kedaluwarsa."), billing, None
    if notice.amount is not None and notice.amount != billing.amount:
        return (Out.AMOUNT_MISMATCH, _("Dibayar %(paid)s, tagihan %(due)s.")
                % {"paid": notice.amount, "due": billing.amount}, billing, None)
    try:
        row = authorize(order, "order.paid_by_state_billing", None)
    except TransitionNotAllowed as exc:
        return Out.ORDER_NOT_PAYABLE, exc.message, billing, None
    now = timezone.now()
    proof = order.payment_proofs.select_for_update().filter(status=ProofStatus.PENDING, billing=billing).first()
    payment = Payment.objects.create(
        billing=billing, order=order, method=PaymentMethod.STATE_BILLING, amount=billing.amount, ntpn=notice.ntpn,
        ntb=notice.ntb, bank=notice.bank, channel=notice.channel, paid_at=notice.paid_at or now, proof=proof,
    )
    apply(order, row, None, data={"billing": billing.code, "amount": billing.amount, "ntpn": notice.ntpn,
                                  "ntb": notice.ntb, "bank": notice.bank, "channel": notice.channel})
    if proof is not None:  # the NTPN confirms what the uploaded proof shows
        proof.checked_at = now
        move(proof, "payment_proof.confirmed_by_state_billing", None, order, fields=["checked_at"],
             data={"proof": proof.pk, "billing": billing.code, "ntpn": notice.ntpn})
    move(billing, "billing.paid_by_state_billing", None, order, data={"billing": billing.code, "ntpn": notice.ntpn})
    return Out.ACCEPTED, "", billing, payment


def handle_notification(user, notification_id: int, note: str) -> PaymentNotification:
    """The treasurer records how a notification that did not match was dealt with."""
    from accounts.roles import Role

    note = (note or "").strip()
    if not (user.is_active and user.has_role(Role.BENDAHARA)):
        raise TransitionNotAllowed(_("Hanya bendahara yang menangani notifikasi pembayaran."))
    if not note:
        from django.core.exceptions import ValidationError

        raise ValidationError(_("Tuliskan bagaimana notifikasi ini ditangani."))
    with transaction.atomic():
        item = PaymentNotification.objects.select_for_update().get(pk=notification_id)
        if item.billing_id and item.billing.order.unit_id not in user.units_of(Role.BENDAHARA):
            raise TransitionNotAllowed(_("Notifikasi ini milik e-billing unit lain."))
        if not item.needs_attention:
            raise TransitionNotAllowed(_("Notifikasi ini sudah ditangani."))
        item.needs_attention, item.handled_by, item.handled_at = False, user, timezone.now()
        item.handling_note = note[:2000]
        item.save(update_fields=["needs_attention", "handled_by", "handled_at", "handling_note"])
        if item.billing_id:
            record("payment_notification.handled", user, Role.BENDAHARA, order=item.billing.order,
                   note=item.handling_note, data={"notification": item.pk, "outcome": item.outcome})
    return item
