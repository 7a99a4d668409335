"""The e-billing, the proof of payment and the refund request move through the SOP engine: their rows
are in the SOP table, a person without the role gets the engine's words, and every status change
leaves an audit entry about that document (subject, object id) on its order's timeline."""
import io
import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from accounts.roles import SYSTEM, Role
from billing.models import (Billing, BillingStatus, Payment, PaymentMethod, PaymentProof, ProofStatus, RefundRequest,
                            RefundStatus)
from billing.payments import receive_push
from billing.services import complete_refund, expire_billings, record_refund_request, submit_payment_proof
from billing.tests.fake_simponi import PUSH_PASSWORD, PUSH_USER
from core.tests.support import bpn
from demo.road import proof_upload
from orders.services import cancel_order
from workflow.engine import TransitionNotAllowed, authorize
from workflow.models import AuditEntry
from workflow.states import OrderState as O

BEND, P = str(Role.BENDAHARA), str(Role.PELANGGAN)
LIFECYCLES = {
    # (code, actor): (sources, target)
    ("billing.issue", BEND): ([], "UNPAID"),
    ("billing.paid_by_state_billing", SYSTEM): (["UNPAID"], "PAID"),
    ("billing.paid_by_proof", BEND): (["UNPAID", "EXPIRED"], "PAID"),
    ("billing.expire", SYSTEM): (["UNPAID"], "EXPIRED"),
    ("billing.cancel", BEND): (["UNPAID"], "CANCELLED"),
    ("billing.cancel_with_order", SYSTEM): (["UNPAID"], "CANCELLED"),
    ("payment_proof.upload", P): ([], "PENDING"),
    ("payment_proof.accept", BEND): (["PENDING"], "ACCEPTED"),
    ("payment_proof.reject", BEND): (["PENDING"], "REJECTED"),
    ("payment_proof.confirmed_by_state_billing", SYSTEM): (["PENDING"], "ACCEPTED"),
    ("refund.request", SYSTEM): ([], "REQUESTED"),
    ("refund.done", BEND): (["REQUESTED"], "DONE"),
}
INITIAL = {"billing": BillingStatus.UNPAID, "payment_proof": ProofStatus.PENDING, "refund": RefundStatus.REQUESTED}
CREATION = {"billing": "billing.issue", "payment_proof": "payment_proof.upload", "refund": "refund.request"}


def test_the_sop_table_lists_the_billing_proof_and_refund_rows():
    out = io.StringIO()
    call_command("sop", json=True, stdout=out)
    rows = json.loads(out.getvalue())
    mine = {(r["code"], r["actor"]): r for r in rows if r["subject"] in ("billing", "payment_proof", "refund")}
    assert set(mine) == set(LIFECYCLES)
    for key, (sources, target) in LIFECYCLES.items():
        r = mine[key]
        assert (r["from"], r["to"]) == (sources, target), key
        # the documents' own lifecycles: no SOP step, no norm, no inbox of their own
        assert (r["step"], r["norm_minutes"], r["norm_working_days"], r["in_inbox"]) == (None, None, None, False), key
        assert r["name_id"] and r["name_en"] and r["name_id"] != r["name_en"]


def _assert_history(obj, subject):
    """The document's audit entries: its creation first, then one entry per status change that chains
    from its initial status to the one it has now, each on its order's timeline."""
    entries = list(AuditEntry.objects.filter(subject=subject, object_id=obj.pk).order_by("at", "id"))
    assert entries and entries[0].code == CREATION[subject], (subject, obj.pk, [e.code for e in entries])
    assert all(e.order_id == obj.order_id for e in entries)
    assert (entries[0].from_state, entries[0].to_state) == ("", INITIAL[subject]), (subject, obj.pk)
    moves = [e for e in entries if e.to_state]
    chain = [""] + [e.to_state for e in moves]
    assert [e.from_state for e in moves] == chain[:-1], (subject, obj.pk)
    assert chain[-1] == obj.status, (subject, obj.pk)
    return entries


def _push(code: str, ntpn: str) -> bytes:
    return json.dumps({"method": "activeinquiry", "userid": PUSH_USER, "password": PUSH_PASSWORD,
                       "data": ["SIMP1", code, ntpn, "NTB1", "2030-01-01 10:00:00", "520009", "ATM"]}).encode()


@pytest.mark.django_db
def test_every_billing_and_proof_status_change_leaves_an_audit_entry(order_at, users, login, settings):
    settings.SIMPONI_PUSH_USER, settings.SIMPONI_PUSH_PASSWORD = PUSH_USER, PUSH_PASSWORD
    settings.SIMPONI_ALLOWED_IPS = ["127.0.0.1"]
    def treasurer():
        return login(users["bendahara"])

    def customer():
        return login(users["pelanggan"])

    # A proof rejected, a second one accepted: the billing paid by the treasurer.
    first = order_at("PAYMENT_SUBMITTED")
    treasurer().post(f"/billing/order/{first.pk}/reject/", {"reason": "Nominal tidak sama."})
    customer().post(f"/billing/order/{first.pk}/proof/", {"proof": proof_upload("bukti-kedua.pdf")})
    treasurer().post(f"/billing/order/{first.pk}/accept/", bpn("0B2E4A1C7F9D3E56"))
    first.refresh_from_db()
    assert first.state == O.PAID
    rejected, accepted = first.payment_proofs.order_by("uploaded_at", "pk")
    assert (rejected.status, accepted.status) == (ProofStatus.REJECTED, ProofStatus.ACCEPTED)
    entries = _assert_history(rejected, "payment_proof")
    assert (entries[-1].code, entries[-1].actor, entries[-1].note) == (
        "payment_proof.reject", users["bendahara"], "Nominal tidak sama.")
    assert _assert_history(accepted, "payment_proof")[-1].actor == users["bendahara"]
    billing = first.billings.get()
    assert billing.status == BillingStatus.PAID
    paid = _assert_history(billing, "billing")[-1]
    assert (paid.code, paid.actor, paid.role) == ("billing.paid_by_proof", users["bendahara"], BEND)

    # Expired, re-issued, then paid by SIMPONI's push while a proof waited: the system confirms it.
    second = order_at("AWAITING_PAYMENT")
    assert expire_billings(now=timezone.now() + timedelta(days=settings.BILLING_EXPIRY_DAYS, hours=1)) == 1
    treasurer().post(f"/billing/order/{second.pk}/reissue/")
    second.refresh_from_db()
    old, new = second.billings.order_by("created_at", "pk")
    submit_payment_proof(users["pelanggan"], second.pk, proof_upload())
    note = receive_push(_push(new.code, "1A2B3C4D5E6F7A8B"), "application/json", "127.0.0.1")
    assert note.response_code == 3, note.detail
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (BillingStatus.EXPIRED, BillingStatus.PAID)
    expired = _assert_history(old, "billing")[-1]
    assert (expired.code, expired.actor, expired.role) == ("billing.expire", None, SYSTEM)
    assert _assert_history(new, "billing")[-1].code == "billing.paid_by_state_billing"
    proof = second.payment_proofs.get()
    assert proof.status == ProofStatus.ACCEPTED
    assert _assert_history(proof, "payment_proof")[-1].code == "payment_proof.confirmed_by_state_billing"

    # The customer cancels an order waiting for payment: its billing is cancelled with it.
    third = order_at("AWAITING_PAYMENT")
    cancel_order(users["pelanggan"], third.pk, "Alat dibutuhkan untuk produksi.")
    cancelled = third.billings.get()
    assert cancelled.status == BillingStatus.CANCELLED
    assert _assert_history(cancelled, "billing")[-1].code == "billing.cancel_with_order"

    # Every billing and proof ever made has its history in the engine's entries.
    for item in Billing.objects.all():
        _assert_history(item, "billing")
    for item in PaymentProof.objects.all():
        _assert_history(item, "payment_proof")

    # The order's page shows the documents' lines in words (never a code).
    page = treasurer().get(f"/orders/{first.pk}/").content.decode()
    assert "E-billing lunas (bukti bayar diterima bendahara)" in page and "billing.paid_by_proof" not in page
    assert "Bukti bayar ditolak" in customer().get(f"/orders/{first.pk}/").content.decode()


@pytest.mark.django_db
def test_a_refund_request_is_recorded_and_done_through_the_engine(order_at, users):
    order = order_at("PAID")
    inst = order.instruments.order_by("pk").first()
    refund = record_refund_request(order, inst, "Alat rusak saat diterima.")
    assert record_refund_request(order, inst, "lagi") == refund  # one per instrument, one creation entry
    with pytest.raises(TransitionNotAllowed) as refused:
        complete_refund(users["cs"], refund.pk, "SP2D 00123")
    assert refused.value.message == "Peran Anda tidak berwenang untuk langkah “Pengembalian dana dibayarkan”."
    refund.refresh_from_db()
    assert refund.status == RefundStatus.REQUESTED

    complete_refund(users["bendahara"], refund.pk, "SP2D 00123")
    refund.refresh_from_db()
    assert refund.status == RefundStatus.DONE and refund.done_by == users["bendahara"]
    done = _assert_history(refund, "refund")[-1]
    assert (done.code, done.actor, done.note, done.data["amount"]) == ("refund.done", users["bendahara"], "SP2D 00123",
                                                                        refund.amount)
    with pytest.raises(TransitionNotAllowed) as again:
        complete_refund(users["bendahara"], refund.pk, "")
    assert again.value.message == f"Langkah “Pengembalian dana dibayarkan” sudah dilakukan untuk pengembalian dana #{refund.pk}."


@pytest.mark.django_db
def test_the_engine_refuses_a_document_step_to_a_role_that_does_not_take_it(order_at, users):
    order = order_at("PAYMENT_SUBMITTED")
    billing, proof = order.billings.get(), order.payment_proofs.get()
    with pytest.raises(TransitionNotAllowed) as refused:
        authorize(proof, "payment_proof.accept", users["pelanggan"])
    assert refused.value.message == "Peran Anda tidak berwenang untuk langkah “Bukti bayar diterima”."
    with pytest.raises(TransitionNotAllowed) as refused:
        authorize(billing, "billing.paid_by_proof", users["cs"])
    assert refused.value.message == (
        "Peran Anda tidak berwenang untuk langkah “E-billing lunas (bukti bayar diterima bendahara)”.")
    # Only the system expires a billing, and a paid one cannot expire.
    with pytest.raises(TransitionNotAllowed):
        authorize(billing, "billing.expire", users["bendahara"])
    assert authorize(billing, "billing.expire", None).actor == SYSTEM
    # A customer of another company may not upload for this order's billing (scope through the order).
    from workflow.registry import subject

    rule = subject("payment_proof").scope_rule()
    assert rule(users["pelanggan"], P, proof) and not rule(users["pelanggan2"], P, proof)


@pytest.mark.django_db
def test_generated_data_keeps_billings_proofs_and_payments_consistent(users):
    call_command("generate_data", orders=30, seed=11, stdout=open("/dev/null", "w"))
    assert set(Billing.objects.values_list("status", flat=True)) <= set(BillingStatus.values)
    assert set(PaymentProof.objects.values_list("status", flat=True)) <= set(ProofStatus.values)
    for payment in Payment.objects.select_related("billing", "proof"):
        assert payment.billing.status == BillingStatus.PAID and payment.amount == payment.billing.amount
        if payment.method == PaymentMethod.PROOF:
            assert payment.proof.status == ProofStatus.ACCEPTED
    assert not Billing.objects.filter(status=BillingStatus.PAID, payment__isnull=True).exists()
    assert not Billing.objects.filter(status=BillingStatus.UNPAID, order__state=O.CANCELLED).exists()
    for billing in Billing.objects.filter(order__state=O.BILLING_EXPIRED):
        assert billing.status == BillingStatus.EXPIRED
    assert set(RefundRequest.objects.values_list("status", flat=True)) <= set(RefundStatus.values)
    # The engine takes generated documents where their state allows: an open billing can expire.
    unpaid = Billing.objects.filter(status=BillingStatus.UNPAID).first()
    if unpaid is not None:
        assert authorize(unpaid, "billing.expire", None).target == BillingStatus.EXPIRED
