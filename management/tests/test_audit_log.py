"""The audit-log viewer: filters by order, user, role, step and date; paginated; scoped; exportable."""
import io

import pytest
from openpyxl import load_workbook

from management.models import Export, ExportStatus
from management.tests.factories import entry, plain_order, wib
from management.views import AUDIT_PAGE_SIZE


@pytest.fixture
def trail(users):
    a = plain_order(users, wib(2026, 3, 2, 8, 0))
    a.number = "ORD/2026/03/000001"
    a.save(update_fields=["number"])
    b = plain_order(users, wib(2026, 3, 5, 8, 0), customer="pelanggan2")
    b.number = "ORD/2026/03/000002"
    b.save(update_fields=["number"])
    entry("order.submit", wib(2026, 3, 2, 8, 10), users["pelanggan"], order=a)
    entry("order.validate", wib(2026, 3, 2, 8, 15), users["cs"], order=a)
    entry("order.submit", wib(2026, 3, 5, 8, 10), users["pelanggan2"], order=b)
    entry("order.validate", wib(2026, 3, 6, 8, 15), users["cs"], order=b)
    entry("instrument.submit_results", wib(2026, 3, 9, 9, 0), users["analis"], instrument=a.instruments.get())
    return a, b


def _codes(response):
    return [(e.order.number if e.order_id else None, e.code) for e in response.context["page"]]


def test_filters_by_order_user_role_step_and_date(users, login, trail):
    client = login(users["kepala_balai"])
    assert _codes(client.get("/reports/audit/", {"order": "000002"})) == [
        ("ORD/2026/03/000002", "order.validate"), ("ORD/2026/03/000002", "order.submit")]
    assert {c for _n, c in _codes(client.get("/reports/audit/", {"user": users["cs"].username}))} == {"order.validate"}
    assert _codes(client.get("/reports/audit/", {"role": "ANALIS"})) == [
        ("ORD/2026/03/000001", "instrument.submit_results")]
    assert len(_codes(client.get("/reports/audit/", {"step": "4"}))) == 2
    assert _codes(client.get("/reports/audit/", {"start": "2026-03-06", "end": "2026-03-06"})) == [
        ("ORD/2026/03/000002", "order.validate")]


def test_a_wrong_filter_is_explained_not_a_500(users, login, trail):
    response = login(users["mt"]).get("/reports/audit/", {"step": "99", "start": "kemarin"})
    assert response.status_code == 200
    assert "Periksa isian filter" in response.content.decode()


def test_the_list_is_paginated(users, login, trail):
    order = trail[0]
    for n in range(AUDIT_PAGE_SIZE + 5):
        entry("order.validate", wib(2026, 4, 1, 8, 0), users["cs"], order=order)
    client = login(users["ketua_pji"])
    first = client.get("/reports/audit/")
    assert len(first.context["page"].object_list) == AUDIT_PAGE_SIZE
    assert first.context["page"].paginator.num_pages == 2
    assert len(client.get("/reports/audit/", {"page": 2}).context["page"].object_list) == 10


def test_a_supervisor_sees_only_entries_about_their_laboratory(users, login, trail):
    assert _codes(login(users["penyelia"]).get("/reports/audit/")) == [
        ("ORD/2026/03/000001", "instrument.submit_results")]
    assert _codes(login(users["penyelia2"]).get("/reports/audit/")) == []


@pytest.mark.parametrize("who", ["pelanggan", "cs", "analis"])
def test_others_cannot_read_the_audit_log(users, login, who):
    assert login(users[who]).get("/reports/audit/").status_code == 404


def test_the_filtered_log_is_exported(users, login, trail, django_capture_on_commit_callbacks):
    client = login(users["kepala_balai"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/reports/exports/new/", {"kind": "audit_log", "format": "xlsx", "order": "000001"})
    export = Export.objects.get()
    assert export.status == ExportStatus.DONE and export.params == {"order": "000001"}
    content = b"".join(client.get(f"/reports/exports/{export.pk}/download/").streaming_content)
    rows = list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))
    assert [r[3] for r in rows[1:]] == ["order.submit", "order.validate", "instrument.submit_results"]
