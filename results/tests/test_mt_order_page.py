"""MT validates the assignments and the verified results of several instruments of one order on one
page, each through its own service; sending one back stays on the instrument's page."""
import pytest
from django.urls import reverse

from orders.models import Instrument
from workflow.models import AuditEntry
from workflow.states import InstrumentState


@pytest.mark.django_db
def test_mt_validates_every_assignment_of_an_order_in_one_submit(users, login, order_at):
    order = order_at("ASSIGNED")  # two balances and a thermometer, each with its analyst chosen
    waiting = list(order.instruments.filter(state=InstrumentState.ASSIGNED))
    assert len(waiting) == 3
    mt = login(users["mt"])
    assert reverse("results:mt_order", args=[order.pk]) in mt.get(reverse("orders:detail", args=[order.pk])).content.decode()
    page = mt.get(reverse("results:mt_order", args=[order.pk])).content.decode()
    assert all(i.serial_number in page for i in waiting)
    keep = waiting[-1]
    response = mt.post(reverse("results:mt_order", args=[order.pk]),
                       {"assignment": [str(i.pk) for i in waiting[:-1]], "note": "Sesuai kewenangan."})
    assert response.status_code == 302
    states = dict(Instrument.objects.filter(order=order).values_list("pk", "state"))
    assert all(states[i.pk] == InstrumentState.IN_CALIBRATION for i in waiting[:-1])
    assert states[keep.pk] == InstrumentState.ASSIGNED  # not ticked: untouched
    entries = AuditEntry.objects.filter(code="instrument.approve_assignment", order=order)
    assert entries.count() == 2 and all(e.actor == users["mt"] and e.note == "Sesuai kewenangan." for e in entries)


@pytest.mark.django_db
def test_mt_validates_verified_results_of_several_instruments_at_once(users, login, order_at):
    order = order_at("VERIFIED")
    verified = list(order.instruments.filter(state=InstrumentState.VERIFIED))
    assert len(verified) == 3
    mt = login(users["mt"])
    page = mt.get(reverse("results:mt_order", args=[order.pk])).content.decode()
    assert "Hasil terverifikasi" in page
    mt.post(reverse("results:mt_order", args=[order.pk]), {"results": [str(i.pk) for i in verified]})
    assert set(order.instruments.values_list("state", flat=True)) == {InstrumentState.VALIDATED}
    order.refresh_from_db()
    assert order.state == "RESULTS_READY"


@pytest.mark.django_db
def test_only_mt_has_the_page_and_nothing_ticked_changes_nothing(users, login, order_at):
    order = order_at("ASSIGNED")
    for name in ("cs", "penyelia", "analis", "pelanggan"):
        assert login(users[name]).get(reverse("results:mt_order", args=[order.pk])).status_code == 404
    mt = login(users["mt"])
    response = mt.post(reverse("results:mt_order", args=[order.pk]), {}, follow=True)
    assert "Centang paling sedikit satu alat" in response.content.decode()
    assert set(order.instruments.values_list("state", flat=True)) == {InstrumentState.ASSIGNED}
