"""Statuses say what is true: an instrument is "being calibrated", a validated instrument follows its
report to the end, a submitted order is no longer a draft, and an item sent back is marked in the
inbox with the reason."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.models import User
from accounts.roles import Role
from orders.models import Instrument, Order
from workflow.inbox import inbox
from workflow.states import InstrumentState


def _inbox(user, role):
    return inbox(User.objects.get(pk=user.pk), role)


@pytest.mark.django_db
def test_an_instrument_in_calibration_is_said_to_be_being_calibrated(order_at, users, login):
    order = order_at("IN_CALIBRATION")
    page = login(users["pelanggan"]).get(f"/orders/{order.pk}/").content.decode()
    assert "Sedang dikalibrasi" in page and ">Dikalibrasi<" not in page
    with translation.override("en"):
        assert str(InstrumentState.IN_CALIBRATION.label) == "Being calibrated"


@pytest.mark.django_db
@pytest.mark.parametrize("milestone, expected", [
    ("RESULTS_READY", "Hasil divalidasi"),
    ("AWAITING_SIGNATURE", "Hasil divalidasi, E-LHU menunggu tanda tangan"),
    ("SIGNED", "E-LHU ditandatangani"),
    ("FORWARDED", "E-LHU ditandatangani dan dikirim"),
    ("COMPLETED", "Selesai"),
])
def test_a_validated_instrument_follows_its_report(order_at, users, login, milestone, expected):
    order = order_at(milestone)
    inst = order.instruments.first()
    assert inst.state == InstrumentState.VALIDATED
    assert inst.status_label == expected
    page = login(users["pelanggan"]).get(f"/orders/{order.pk}/").content.decode()
    assert f'<span class="badge">{expected}</span>' in page
    if milestone != "RESULTS_READY":
        assert '<span class="badge">Hasil divalidasi</span>' not in page
    instrument_page = login(users["pelanggan"]).get(f"/orders/instrument/{inst.pk}/").content.decode()
    assert f'<span class="badge">{expected}</span>' in instrument_page


@pytest.mark.django_db
def test_a_completed_order_says_the_instruments_await_collection_not_that_something_is_missing(
        order_at, users, login):
    order = order_at("COMPLETED")
    page = login(users["pelanggan"]).get(f"/orders/{order.pk}/").content.decode()
    assert "Alat belum diserahkan kembali" not in page
    assert "siap diambil di Balai" in page


@pytest.mark.django_db
def test_a_submitted_order_is_not_called_a_draft(order_at, users, login):
    draft, submitted = order_at(), order_at("SUBMITTED")
    assert str(draft) == f"Draf #{draft.pk}"
    assert str(submitted) == f"Permohonan #{submitted.pk}"
    page = login(users["pelanggan"]).get(f"/orders/{submitted.pk}/").content.decode()
    assert "Draf #" not in page and f"Permohonan #{submitted.pk}" in page
    with translation.override("en"):
        assert str(submitted) == f"Request #{submitted.pk}"
    assert str(order_at("VALIDATED")) == Order.objects.filter(number__isnull=False).latest("pk").number


@pytest.mark.django_db
def test_a_rejected_price_is_marked_in_the_cs_inbox_with_the_reason(order_at, users, login):
    from orders import services

    fresh, priced = order_at("SUBMITTED"), order_at("PRICED")
    services.reject_price(users["pelanggan"], priced.pk, "Harga tidak sesuai penawaran")
    items = {item.obj.pk: item for item in _inbox(users["cs"], Role.CS)}
    assert items[priced.pk].sent_back and items[priced.pk].sent_back_reason == "Harga tidak sesuai penawaran"
    assert not items[fresh.pk].sent_back
    page = login(users["cs"]).get("/workflow/inbox/CS/").content.decode()
    assert page.count('class="sent-back"') == 1 and "Harga tidak sesuai penawaran" in page


@pytest.mark.django_db
def test_returned_assignment_and_returned_results_are_marked_with_the_reason(order_at, users, login):
    from lab import services as lab
    from results import services as results

    assigned = order_at("ASSIGNED")
    inst = assigned.instruments.filter(laboratory__code="mass-volume").first()
    lab.return_assignment(users["mt"], inst.pk, "Analis belum berwenang untuk metode ini")
    item = next(i for i in _inbox(users["penyelia"], Role.PENYELIA) if i.obj.pk == inst.pk)
    assert item.sent_back and item.sent_back_reason == "Analis belum berwenang untuk metode ini"
    assert "Analis belum berwenang untuk metode ini" in login(users["penyelia"]).get(
        "/workflow/inbox/PENYELIA/").content.decode()

    entered = order_at("RESULTS_ENTERED")
    back = entered.instruments.filter(laboratory__code="mass-volume").first()
    results.return_from_verification(users["penyelia"], back.pk, "Pembacaan titik 100 g tidak lengkap")
    never_returned = Instrument.objects.filter(order=order_at("IN_CALIBRATION"), laboratory__code="mass-volume")
    analyst_items = {i.obj.pk: i for i in _inbox(users["analis"], Role.ANALIS)}
    assert analyst_items[back.pk].sent_back_reason == "Pembacaan titik 100 g tidak lengkap"
    assert all(not analyst_items[i.pk].sent_back for i in never_returned)


@pytest.mark.django_db
def test_the_mark_costs_no_query_per_row(order_at, users):
    from orders import services

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            _inbox(users["cs"], Role.CS)
        return len(ctx.captured_queries)

    first = order_at("PRICED")
    services.reject_price(users["pelanggan"], first.pk, "Terlalu mahal")
    queries()  # the first fills what is kept between requests (the calendar, the set of units)
    one = queries()
    for _ in range(3):
        order = order_at("PRICED")
        services.reject_price(users["pelanggan"], order.pk, "Terlalu mahal")
    assert queries() == one
