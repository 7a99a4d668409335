"""Every page and action of steps 1-13, for every role on an order at each milestone: a refused
action redirects with a message or answers 403/404, never 500 (the test client re-raises any error)."""
import pytest
from django.db import transaction

from demo.road import MILESTONES, proof_upload
from core.tests.support import messages_of

PEOPLE = ["pelanggan", "pelanggan2", "admin", "cs", "ketua_pji", "bendahara", "penyelia", "penyelia2", "mt",
          "analis", "kepala_balai"]
UP_TO_CALIBRATION = [None] + MILESTONES[:MILESTONES.index("IN_CALIBRATION") + 1]


def _pages(order, inst):
    return [f"/orders/{order.pk}/", f"/orders/instrument/{inst.pk}/", f"/orders/{order.pk}/edit/", "/orders/",
            f"/lab/order/{order.pk}/receive/", f"/lab/order/{order.pk}/receipt.pdf", f"/lab/order/{order.pk}/labels.pdf",
            f"/lab/instrument/{inst.pk}/assign/"]


def _actions(order, inst):
    o, i = order.pk, inst.pk
    reason = {"reason": "Alasan uji."}
    actions = [(f"/orders/{o}/do/{name}/", reason) for name in
               ("submit", "validate", "accept-price", "reject-price", "cancel", "no-such-action")]
    actions += [
        (f"/orders/{o}/tariff/", {f"amount_{inst.pk}": "1000", f"reason_{inst.pk}": "koreksi"}),
        (f"/orders/{o}/tariff/", {f"amount_{inst.pk}": "seribu"}),
        (f"/billing/order/{o}/issue/", {}), (f"/billing/order/{o}/reissue/", {}),
        (f"/billing/order/{o}/proof/", {"proof": proof_upload()}), (f"/billing/order/{o}/proof/", {}),
        (f"/billing/order/{o}/accept/", {}), (f"/billing/order/{o}/reject/", reason),
        (f"/lab/order/{o}/receive/", {}), (f"/lab/instrument/{i}/assign/", {}),
        (f"/lab/instrument/{i}/reject/", reason), (f"/lab/instrument/{i}/approve/", {}),
        (f"/lab/instrument/{i}/return/", reason),
    ]
    return actions


@pytest.mark.django_db
@pytest.mark.parametrize("milestone", UP_TO_CALIBRATION)
def test_no_page_or_action_fails_for_any_role(order_at, users, login, milestone):
    order = order_at(milestone)
    inst = order.instruments.order_by("position").first()
    for name in PEOPLE:
        client = login(users[name])
        for url in _pages(order, inst):
            response = client.get(url)
            assert response.status_code in (200, 302, 403, 404), (name, url, response.status_code)
        for url, data in _actions(order, inst):
            with transaction.atomic():
                response = client.post(url, data)
                transaction.set_rollback(True)
            assert response.status_code in (200, 302, 403, 404), (name, url, response.status_code)
            if response.status_code == 302:
                assert messages_of(response), (name, url, "redirect without a message")
