"""Who is told of a move is found through the registry (each subject's path to its order), and a
document's move beside the order's step (e-billing, proof of payment) tells the customer nothing more:
the order's own step already did."""
from types import SimpleNamespace

import pytest

from notifications.services import recipients
from notifications.subjects import order_of
from workflow.table import rows_for


def _row(code):
    return rows_for(code)[0]


@pytest.mark.django_db
def test_theorder_of_an_item_is_read_through_its_subjects_path(order_at):
    order = order_at("PAID")
    billing = order.billings.get()
    instrument = order.instruments.first()
    assert order_of("order", order) is order
    assert order_of("instrument", instrument).pk == order.pk
    assert order_of("billing", billing).pk == order.pk
    change = SimpleNamespace(report=SimpleNamespace(order=order))  # "report__order"
    assert order_of("report_change", change) is order
    assert order_of("report_change", SimpleNamespace(report=None)) is None
    assert order_of("account", order.created_by) is None


@pytest.mark.django_db
def test_accepting_a_payment_tells_the_customer_once_through_the_orders_step(order_at, users):
    order = order_at("PAID")
    treasurer, customer = users["bendahara"], users["pelanggan"]
    told = recipients(_row("order.accept_payment"), order, treasurer)
    assert customer.pk in told and users["cs"].pk in told  # the customer, and CS who receives next
    assert recipients(_row("payment_proof.accept"), order.payment_proofs.get(), treasurer) == {}
    assert recipients(_row("billing.paid_by_proof"), order.billings.get(), treasurer) == {}


@pytest.mark.django_db
def test_a_staff_move_of_an_instrument_still_tells_the_customer(order_at, users):
    order = order_at("IN_LAB")
    instrument = order.instruments.first()
    told = recipients(_row("instrument.assign"), instrument, users["penyelia"])
    assert users["pelanggan"].pk in told


@pytest.mark.django_db
def test_a_notice_about_a_document_names_and_links_its_order(order_at):
    """A correction request told to the Ketua Tim PJI points at the order page where it is decided (it
    used to be taken for an account's move)."""
    from django.urls import reverse

    from notifications.content import TransitionMail

    order = order_at("PAID")
    change = SimpleNamespace(report=SimpleNamespace(order=order))
    told = TransitionMail(_row("report_change.request"), change, SimpleNamespace(data={}, note=""))
    assert told.order is order
    assert told.url == reverse("orders:detail", args=[order.pk])
    assert told.notice().startswith(f"{order.number}: ")
