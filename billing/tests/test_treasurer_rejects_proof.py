"""Step 10 branch: the treasurer rejects a proof; the customer sees why and uploads again."""
import pytest

from accounts.roles import Role
from billing.models import ProofStatus
from demo.road import proof_upload
from core.tests.support import assert_audit, bpn
from workflow.states import OrderState as O


@pytest.mark.django_db
def test_a_rejected_proof_goes_back_to_the_customer_who_uploads_again(order_at, users, login):
    order = order_at("PAYMENT_SUBMITTED")
    reason = "Nominal pada bukti tidak sama dengan tagihan."
    response = login(users["bendahara"]).post(f"/billing/order/{order.pk}/reject/", {"reason": reason})
    assert response.status_code == 302
    order.refresh_from_db()
    proof = order.payment_proofs.get()
    assert order.state == O.AWAITING_PAYMENT
    assert proof.status == ProofStatus.REJECTED and proof.rejection_reason == reason
    assert proof.checked_by == users["bendahara"]
    assert_audit("order.reject_payment", actor=users["bendahara"], role=Role.BENDAHARA, step=None,
                 from_state=O.PAYMENT_SUBMITTED, to_state=O.AWAITING_PAYMENT, order=order)

    customer = login(users["pelanggan"])
    assert reason in customer.get(f"/orders/{order.pk}/").content.decode()
    customer.post(f"/billing/order/{order.pk}/proof/", {"proof": proof_upload("bukti-kedua.pdf")})
    order.refresh_from_db()
    assert order.state == O.PAYMENT_SUBMITTED
    assert sorted(order.payment_proofs.values_list("status", flat=True)) == [ProofStatus.PENDING, ProofStatus.REJECTED]

    login(users["bendahara"]).post(f"/billing/order/{order.pk}/accept/", bpn("0B2E4A1C7F9D3E56"))
    order.refresh_from_db()
    assert order.state == O.PAID
    assert order.payments.get().proof.original_name == "bukti-kedua.pdf"


@pytest.mark.django_db
def test_rejecting_a_proof_needs_a_reason(order_at, users, login):
    order = order_at("PAYMENT_SUBMITTED")
    login(users["bendahara"]).post(f"/billing/order/{order.pk}/reject/", {"reason": ""})
    order.refresh_from_db()
    assert order.state == O.PAYMENT_SUBMITTED


@pytest.mark.django_db
def test_only_the_treasurer_accepts_a_payment(order_at, users, login):
    order = order_at("PAYMENT_SUBMITTED")
    for name in ("pelanggan", "cs", "ketua_pji", "mt"):
        login(users[name]).post(f"/billing/order/{order.pk}/accept/", bpn("0B2E4A1C7F9D3E56"))
    order.refresh_from_db()
    assert order.state == O.PAYMENT_SUBMITTED and not order.payments.exists()
