"""Scope: a customer sees only their company's orders; a supervisor only their laboratory's instruments."""
import pytest

from workflow.states import InstrumentState as I


@pytest.fixture
def received(order_at):
    return order_at("IN_LAB")


@pytest.mark.django_db
def test_a_customer_of_another_company_gets_404_everywhere(received, users, login):
    order = received
    inst = order.instruments.first()
    proof = order.payment_proofs.get()
    own = login(users["pelanggan"])
    for url in (f"/orders/{order.pk}/", f"/orders/instrument/{inst.pk}/",
                f"/billing/order/{order.pk}/proof/{proof.pk}/", f"/lab/order/{order.pk}/receipt.pdf"):
        assert own.get(url).status_code == 200, url
    stranger = login(users["pelanggan2"])
    for url in (f"/orders/{order.pk}/", f"/orders/instrument/{inst.pk}/", f"/orders/{order.pk}/edit/",
                f"/billing/order/{order.pk}/proof/{proof.pk}/", f"/lab/order/{order.pk}/receipt.pdf",
                f"/lab/order/{order.pk}/labels.pdf"):
        assert stranger.get(url).status_code == 404, url
    for url in (f"/orders/{order.pk}/do/cancel/", f"/billing/order/{order.pk}/proof/"):
        assert stranger.post(url, {"reason": "x"}).status_code == 404, url
    assert f"/orders/{order.pk}/" not in stranger.get("/orders/").content.decode()


@pytest.mark.django_db
def test_a_proof_of_another_order_is_not_served_through_ones_own_order(order_at, users, login):
    mine = order_at("AWAITING_PAYMENT", customer="pelanggan2")
    theirs = order_at("PAYMENT_SUBMITTED")
    proof = theirs.payment_proofs.get()
    assert login(users["pelanggan2"]).get(f"/billing/order/{mine.pk}/proof/{proof.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_supervisor_of_the_other_laboratory_cannot_reach_or_act_on_an_instrument(received, users, login):
    balance = received.instruments.filter(laboratory__code="mass-volume").first()
    other = login(users["penyelia2"])
    assert other.get(f"/orders/instrument/{balance.pk}/").status_code == 404
    assert other.get(f"/lab/instrument/{balance.pk}/assign/").status_code == 404
    analyst_field = {f"analyst_{p.pk}": users["analis2"].pk for p in balance.parameters.all()}
    assert other.post(f"/lab/instrument/{balance.pk}/assign/", analyst_field).status_code == 404
    assert other.post(f"/lab/instrument/{balance.pk}/reject/", {"reason": "x"}).status_code == 404
    balance.refresh_from_db()
    assert balance.state == I.RECEIVED and balance.rejection_reason == ""
    page = other.get(f"/orders/{received.pk}/").content.decode()  # they see the order for their own instrument
    assert f"/orders/instrument/{balance.pk}/" not in page and balance.serial_number not in page  # need to know
    assert f"/lab/instrument/{balance.pk}/assign/" not in page


@pytest.mark.django_db
def test_an_analyst_sees_nothing_before_being_assigned(received, users, login):
    client = login(users["analis"])
    assert client.get(f"/orders/{received.pk}/").status_code == 404
    assert client.get(f"/orders/instrument/{received.instruments.first().pk}/").status_code == 404


@pytest.mark.django_db
def test_a_customer_cannot_open_staff_pages(received, users, login):
    client = login(users["pelanggan"])
    inst = received.instruments.first()
    assert client.get(f"/lab/order/{received.pk}/receive/").status_code == 302
    assert client.get(f"/lab/instrument/{inst.pk}/assign/").status_code == 302
    assert client.get("/workflow/inbox/CS/").status_code == 404
