"""E-billing, proof of payment and refunds in the SOP engine: what this app registers in `workflow.registry`.

Three documents of an order with their own lifecycles, driven by the order's steps 8-10 and by the
laboratory's rejections after payment (every row is a branch: step None). Who takes each row is who
does it in the services today:
- the e-billing: issued by the treasurer (step 8 and the re-issue); paid by the system when SIMPONI
  reports the NTPN (push or status poll), or by the treasurer who accepts a proof (step 10); expired by
  the system (its own `expires_at`, 7 days from SIMPONI, not an SLA norm); cancelled by the treasurer's
  re-issue, or by the system when the order it bills is cancelled (the order's entry names the person);
- the proof of payment: uploaded by the customer (step 9); accepted or rejected (with a reason) by the
  treasurer (step 10), or accepted by the system when SIMPONI's NTPN confirms the same billing;
- the refund request: recorded by the system when an instrument of a paid order is rejected; done by the
  treasurer once the state's refund procedure is finished.
No row puts an item in an inbox: the order's own rows already put an order whose proof waits
(PAYMENT_SUBMITTED) or whose billing must be made or re-issued in the treasurer's inbox, and the
treasurer's desk lists open refunds. With no norm and no inbox, none of the three keeps a clock
(`clock=False`, docs/decisions.md).
"""
from django.utils.translation import gettext_lazy as _

from accounts.roles import SYSTEM, Role
from workflow import actions
from workflow.actions import Step
from billing.models import BillingStatus as B
from billing.models import ProofStatus as PP
from billing.models import RefundStatus as R
from workflow.registry import Subject, register
from workflow.table import row

P, BEND = Role.PELANGGAN, Role.BENDAHARA

BILLING = Subject(
    name="billing", model="billing.Billing", states=B, label_id="E-billing", label_en="E-billing",
    state_field="status", order_path="order", scope="billing.workflow.in_scope", clock=False,
    final_states=(B.PAID, B.EXPIRED, B.CANCELLED),
)
PAYMENT_PROOF = Subject(
    name="payment_proof", model="billing.PaymentProof", states=PP, label_id="Bukti bayar",
    label_en="Proof of payment", state_field="status", order_path="order", scope="billing.workflow.in_scope",
    clock=False, final_states=(PP.ACCEPTED, PP.REJECTED),
)
REFUND = Subject(
    name="refund", model="billing.RefundRequest", states=R, label_id="Pengembalian dana", label_en="Refund",
    state_field="status", order_path="order", scope="billing.workflow.in_scope", clock=False,
    final_states=(R.DONE,),
)

BILLING_ROWS = (
    row("billing.issue", "billing", None, BEND, (), B.UNPAID, None, None,
        "E-billing diterbitkan", "E-billing issued", inbox=False),
    row("billing.paid_by_state_billing", "billing", None, SYSTEM, (B.UNPAID,), B.PAID, None, None,
        "E-billing lunas (NTPN dari SIMPONI)", "E-billing paid (NTPN from SIMPONI)", inbox=False),
    row("billing.paid_by_proof", "billing", None, BEND, (B.UNPAID, B.EXPIRED), B.PAID, None, None,
        "E-billing lunas (bukti bayar diterima bendahara)", "E-billing paid (proof accepted by the treasurer)",
        inbox=False),
    row("billing.expire", "billing", None, SYSTEM, (B.UNPAID,), B.EXPIRED, None, None,
        "E-billing kedaluwarsa", "E-billing expired", inbox=False),
    row("billing.cancel", "billing", None, BEND, (B.UNPAID,), B.CANCELLED, None, None,
        "E-billing dibatalkan (diganti e-billing baru)", "E-billing cancelled (replaced by a new one)",
        inbox=False),
    row("billing.cancel_with_order", "billing", None, SYSTEM, (B.UNPAID,), B.CANCELLED, None, None,
        "E-billing dibatalkan karena pesanan dibatalkan", "E-billing cancelled with its order", inbox=False),
)
PROOF_ROWS = (
    row("payment_proof.upload", "payment_proof", None, P, (), PP.PENDING, None, None,
        "Bukti bayar diunggah", "Proof of payment uploaded", inbox=False),
    row("payment_proof.accept", "payment_proof", None, BEND, (PP.PENDING,), PP.ACCEPTED, None, None,
        "Bukti bayar diterima", "Proof of payment accepted", inbox=False),
    row("payment_proof.reject", "payment_proof", None, BEND, (PP.PENDING,), PP.REJECTED, None, None,
        "Bukti bayar ditolak (dengan alasan)", "Proof of payment rejected (with a reason)", inbox=False),
    row("payment_proof.confirmed_by_state_billing", "payment_proof", None, SYSTEM, (PP.PENDING,), PP.ACCEPTED,
        None, None, "Bukti bayar dikonfirmasi NTPN dari SIMPONI", "Proof of payment confirmed by SIMPONI's NTPN",
        inbox=False),
)
REFUND_ROWS = (
    row("refund.request", "refund", None, SYSTEM, (), R.REQUESTED, None, None,
        "Permintaan pengembalian dana dicatat", "Refund request recorded", inbox=False),
    row("refund.done", "refund", None, BEND, (R.REQUESTED,), R.DONE, None, None,
        "Pengembalian dana dibayarkan", "Refund paid", inbox=False),
)

# Audit codes that change no state: (Indonesian, English).
LABELS = {
    "payment_notification.handled": ("Notifikasi pembayaran ditangani", "Payment notification handled"),
}


def in_scope(user, role, obj) -> bool:
    """May `user` in `role` act on this billing, proof or refund: exactly when they may act on its order
    (orders.access); the treasurer's is centre-wide: the order's unit must be one of theirs."""
    from orders.access import order_in_scope

    return order_in_scope(user, role, obj.order)


# --- the order's steps 8-10 whose services live here, in the one mapping from code to service
MONEY = "orders.access.get_order_with_money_for_user"  # a laboratory's staff never reach the money pages


def _services():
    from billing import services

    return services


STEPS = (
    Step("order.issue_billing", lambda u, pk, d: _services().issue_billing(u, pk), "order", fetch=MONEY,
         success=_("E-billing dibuat; pelanggan diberi tahu."), button=_("Buat e-billing")),
    Step("order.reissue_billing", lambda u, pk, d: _services().reissue_billing(u, pk), "order", fetch=MONEY,
         success=_("E-billing baru diterbitkan; yang lama tetap tersimpan."), button=_("Terbitkan ulang e-billing")),
    Step("order.submit_payment", lambda u, pk, d: _services().submit_payment_proof(u, pk, d["proof"]), "order",
         fetch=MONEY, success=_("Bukti bayar diunggah; bendahara akan memeriksanya."),
         own_page="a file upload (a browser never refills a file input)"),
    Step("order.accept_payment", lambda u, pk, d: _services().accept_payment(
        u, pk, d.get("note", ""), ntpn=d.get("ntpn", ""), paid_at=d.get("paid_at"), bank=d.get("bank", "")),
         "order", form="billing.forms.AcceptPaymentForm", fetch=MONEY,
         success=_("Pembayaran diterima; pesanan diteruskan ke CS."), button=_("Terima pembayaran"),
         auto_id="pay_%s", form_name="accept_payment_form"),
    Step("order.reject_payment", lambda u, pk, d: _services().reject_payment(u, pk, d["reason"]), "order",
         form="orders.forms.ReasonForm", fetch=MONEY, success=_("Bukti bayar ditolak; pelanggan diminta mengunggah ulang."),
         button=_("Tolak"), auto_id="reject_payment_%s", form_name="reject_payment_form"),
)

# The documents' rows a person takes: each inside one of the order's steps above, or on the desk.
ELSEWHERE = {
    "billing.issue": "applied by order.issue_billing and order.reissue_billing",
    "billing.paid_by_proof": "applied by order.accept_payment",
    "billing.cancel": "applied by order.reissue_billing (the old billing is cancelled)",
    "payment_proof.upload": "applied by order.submit_payment (an upload page)",
    "payment_proof.accept": "applied by order.accept_payment",
    "payment_proof.reject": "applied by order.reject_payment",
    "refund.done": "the treasurer's refund desk: a note per refund row of a list (billing:refund_done)",
}


def register_all():
    register(BILLING, BILLING_ROWS)
    register(PAYMENT_PROOF, PROOF_ROWS)
    register(REFUND, REFUND_ROWS, LABELS)
    actions.register(*STEPS, elsewhere=ELSEWHERE)
