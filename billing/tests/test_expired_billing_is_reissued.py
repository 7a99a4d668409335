"""Branch: an unpaid e-billing expires; the treasurer re-issues it, the old one kept and linked."""
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.roles import Role, SYSTEM
from billing.models import Billing, BillingStatus
from billing.services import expire_billings
from demo.road import proof_upload
from core.tests.support import assert_audit, messages_of
from workflow.states import OrderState as O

LATER = timedelta(days=settings.BILLING_EXPIRY_DAYS, hours=1)


@pytest.mark.django_db
def test_an_expired_billing_is_reissued_and_the_old_one_is_kept(order_at, users, login):
    order = order_at("AWAITING_PAYMENT")
    old = order.billings.get()
    assert expire_billings(now=timezone.now() + LATER) == 1
    order.refresh_from_db()
    old.refresh_from_db()
    assert order.state == O.BILLING_EXPIRED and old.status == BillingStatus.EXPIRED
    assert_audit("order.expire_billing", actor=None, role=SYSTEM, step=None, from_state=O.AWAITING_PAYMENT,
                 to_state=O.BILLING_EXPIRED, order=order)
    assert f"/orders/{order.pk}/" in login(users["bendahara"]).get("/workflow/inbox/BENDAHARA/").content.decode()

    response = login(users["pelanggan"]).post(f"/billing/order/{order.pk}/proof/", {"proof": proof_upload()})
    assert messages_of(response)
    assert not order.payment_proofs.exists()

    login(users["bendahara"]).post(f"/billing/order/{order.pk}/reissue/")
    order.refresh_from_db()
    new = order.billings.exclude(pk=old.pk).get()
    old.refresh_from_db()
    assert order.state == O.AWAITING_PAYMENT
    assert new.replaces == old and old.replaced_by == new
    assert old.status == BillingStatus.EXPIRED and new.status == BillingStatus.UNPAID
    assert new.code != old.code and new.amount == old.amount and new.expires_at > timezone.now()
    assert_audit("order.reissue_billing", actor=users["bendahara"], role=Role.BENDAHARA, step=None,
                 from_state=O.BILLING_EXPIRED, to_state=O.AWAITING_PAYMENT, order=order)
    page = login(users["pelanggan"]).get(f"/orders/{order.pk}/").content.decode()
    assert new.code in page and old.code in page

    login(users["pelanggan"]).post(f"/billing/order/{order.pk}/proof/", {"proof": proof_upload()})
    assert order.payment_proofs.get().billing == new


@pytest.mark.django_db
def test_expiry_leaves_billings_that_are_still_valid(order_at):
    order = order_at("AWAITING_PAYMENT")
    assert expire_billings(now=timezone.now()) == 0
    order.refresh_from_db()
    assert order.state == O.AWAITING_PAYMENT


@pytest.mark.django_db
def test_a_proof_rejected_after_the_billing_expired_lets_the_treasurer_reissue(order_at, users, login):
    order = order_at("PAYMENT_SUBMITTED")
    expire_billings(now=timezone.now() + LATER)
    order.refresh_from_db()
    assert order.state == O.PAYMENT_SUBMITTED  # a proof waits: the treasurer decides
    login(users["bendahara"]).post(f"/billing/order/{order.pk}/reject/", {"reason": "Bukti tidak terbaca."})
    order.refresh_from_db()
    assert order.state == O.BILLING_EXPIRED
    login(users["bendahara"]).post(f"/billing/order/{order.pk}/reissue/")
    order.refresh_from_db()
    assert order.state == O.AWAITING_PAYMENT and order.billings.filter(status=BillingStatus.UNPAID).count() == 1


@pytest.mark.django_db
def test_billing_codes_are_fifteen_digits_starting_with_8_and_unique(order_at):
    codes = [order_at("AWAITING_PAYMENT").billings.get().code for _ in range(3)]
    assert all(len(c) == 15 and c.isdigit() and c.startswith("8") for c in codes)
    assert len(set(codes)) == 3 and Billing.objects.count() == 3
