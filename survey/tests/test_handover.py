"""The hand-over record (BAST): CS records that the instruments went back, once, with a printable PDF."""
from datetime import datetime, time, timezone

import pytest

from orders.models import Order
from survey.models import HandoverRecord
from units.models import Unit
from workflow.models import AuditEntry


def test_cs_records_the_handover_of_every_received_instrument(forwarded_order, users, login):
    order = forwarded_order()
    response = login(users["cs"]).post(f"/survey/order/{order.pk}/handover/",
                                       {"received_by_name": "Budi Santoso", "note": "Kondisi baik."})
    assert response.status_code == 302
    record = HandoverRecord.objects.get(order=order)
    assert record.number.startswith("BAST/") and record.received_by_name == "Budi Santoso"
    assert record.handed_over_by == users["cs"]
    samples = sorted(order.instruments.values_list("sample_id", flat=True))
    assert sorted(record.items.values_list("sample_id", flat=True)) == samples
    entry = AuditEntry.objects.get(order=order, code="handover.recorded")
    assert entry.note == record.number and entry.actor == users["cs"]
    order.refresh_from_db()
    assert order.state == "FORWARDED"  # not a transition


def test_the_handover_pdf_renders(forwarded_order, users, login):
    order = forwarded_order()
    client = login(users["cs"])
    client.post(f"/survey/order/{order.pk}/handover/", {"received_by_name": "Budi Santoso"})
    response = client.get(f"/survey/order/{order.pk}/handover.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    customer_view = login(order.created_by).get(f"/survey/order/{order.pk}/handover.pdf")
    assert customer_view.status_code == 200


def test_the_handover_of_a_wit_units_order_is_written_in_wit_whoever_downloads_it(forwarded_order, users, login,
                                                                                    monkeypatch):
    order = forwarded_order()
    drawn = []
    monkeypatch.setattr("core.pdf.html_to_pdf", lambda html, **kwargs: drawn.append(html) or b"%PDF-1.4")
    login(users["cs"]).post(f"/survey/order/{order.pk}/handover/", {"received_by_name": "Budi Santoso"})
    jayapura = Unit.objects.create(code="bspji-jayapura", name="Balai Standardisasi Jayapura",
                                   short_name="BSPJI Jayapura", time_zone="Asia/Jayapura", office_start=time(7, 30),
                                   office_end=time(16, 0))
    Order.objects.filter(pk=order.pk).update(unit=jayapura)
    HandoverRecord.objects.filter(order=order).update(handed_over_at=datetime(2026, 6, 10, 1, 30, tzinfo=timezone.utc))

    # The customer reads pages in the installation's zone (WIB); the record is the Jayapura unit's.
    assert login(order.created_by).get(f"/survey/order/{order.pk}/handover.pdf").status_code == 200
    assert "Pada 10 Juni 2026 10:30 WIT, Balai Standardisasi Jayapura" in drawn[0]
    assert "WIB" not in drawn[0]


def test_the_handover_cannot_be_recorded_twice(forwarded_order, users, login):
    order = forwarded_order()
    client = login(users["cs"])
    client.post(f"/survey/order/{order.pk}/handover/", {"received_by_name": "Budi Santoso"})
    response = client.post(f"/survey/order/{order.pk}/handover/", {"received_by_name": "Orang Lain"}, follow=True)
    assert "sudah dibuat" in response.content.decode()
    assert HandoverRecord.objects.filter(order=order).count() == 1
    assert HandoverRecord.objects.get(order=order).received_by_name == "Budi Santoso"


def test_a_handover_record_is_never_edited_or_deleted(forwarded_order, users, login):
    order = forwarded_order()
    login(users["cs"]).post(f"/survey/order/{order.pk}/handover/", {"received_by_name": "Budi Santoso"})
    record = HandoverRecord.objects.get(order=order)
    record.received_by_name = "Orang Lain"
    with pytest.raises(ValueError):
        record.save()
    with pytest.raises(ValueError):
        record.delete()


def test_only_cs_records_the_handover(forwarded_order, users, login):
    order = forwarded_order()
    for who in (order.created_by, users["mt"]):
        login(who).post(f"/survey/order/{order.pk}/handover/", {"received_by_name": "Budi Santoso"})
    assert not HandoverRecord.objects.filter(order=order).exists()


def test_the_handover_waits_for_the_signed_reports(order_at, users, login):
    order = order_at("IN_CALIBRATION")
    response = login(users["cs"]).post(f"/survey/order/{order.pk}/handover/",
                                       {"received_by_name": "Budi Santoso"}, follow=True)
    assert "setelah E-LHU ditandatangani" in response.content.decode()
    assert not HandoverRecord.objects.filter(order=order).exists()


def test_the_order_page_shows_the_handover(forwarded_order, users, login):
    order = forwarded_order()
    client = login(users["cs"])
    assert f"/survey/order/{order.pk}/handover/" in client.get(f"/orders/{order.pk}/").content.decode()
    client.post(f"/survey/order/{order.pk}/handover/", {"received_by_name": "Budi Santoso"})
    page = login(order.created_by).get(f"/orders/{order.pk}/").content.decode()
    assert HandoverRecord.objects.get(order=order).number in page and "Budi Santoso" in page
    assert f"/survey/order/{order.pk}/handover.pdf" in page
