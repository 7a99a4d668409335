"""Exports: registers made in the background with progress, owner-only downloads, scope by audience."""
import io


import pytest
from openpyxl import load_workbook

from certificates.models import Report
from management.models import Export, ExportStatus
from management.registers import order_columns
from management.tests.factories import entry, paid, plain_order, surveyed, wib

PERIOD = {"start": "2026-01-01", "end": "2026-12-31"}


@pytest.fixture
def register_data(users):
    order = plain_order(users, wib(2026, 3, 2, 8, 0), instruments=2)
    order.number = "ORD/2026/03/000001"
    order.save(update_fields=["number"])
    entry("order.submit", wib(2026, 3, 2, 8, 10), users["pelanggan"], order=order)
    entry("order.validate", wib(2026, 3, 2, 8, 15), users["cs"], order=order)
    paid(order, wib(2026, 3, 3, 10, 0), ntpn="0123456789ABCDEF")
    inst = order.instruments.first()
    Report.objects.create(order=order, instrument=inst, number="0001/LHU/BSPJI/III/2026",
                          numbered_at=wib(2026, 3, 20, 9, 0), numbered_by=users["ketua_pji"])
    surveyed(order, wib(2026, 3, 25, 9, 0), score=3)
    other = plain_order(users, wib(2026, 4, 1, 8, 0), customer="pelanggan2")
    return order, other


def _make_export(client, django_capture_on_commit_callbacks, kind, fmt="xlsx", **extra):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/exports/new/", {"kind": kind, "format": fmt, **PERIOD, **extra})
    assert response.status_code == 302
    return Export.objects.latest("id")


def _sheet(response):
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_the_order_register_has_steps_report_amount_and_ntpn(users, login, register_data,
                                                            django_capture_on_commit_callbacks):
    order, other = register_data
    client = login(users["kepala_balai"])
    export = _make_export(client, django_capture_on_commit_callbacks, "order_register")
    assert export.status == ExportStatus.DONE and export.total_rows == 2 and export.percent == 100
    rows = _sheet(client.get(f"/reports/exports/{export.pk}/download/"))
    header = rows[0]
    assert header == [str(c.label) for c in order_columns()]
    mine = next(r for r in rows[1:] if r[0] == order.number)
    assert mine[1] == users["pelanggan"].company.name and mine[2] == "Neraca analitik"
    validated = header.index("5. Memeriksa, memvalidasi dan memberi nomor order")
    assert mine[validated].strftime("%Y-%m-%d %H:%M") == "2026-03-02 08:15"  # local (WIB) time
    assert mine[-3] == "0001/LHU/BSPJI/III/2026"
    assert mine[-2] == sum(i.effective_amount for i in order.instruments.all())
    assert mine[-1] == "0123456789ABCDEF"


def test_the_status_page_polls_until_done_then_offers_the_download(users, login):
    client = login(users["mt"])
    export = Export.objects.create(owner=users["mt"], kind="report_register", format="xlsx", params=PERIOD,
                                   status=ExportStatus.RUNNING, total_rows=200, done_rows=50)
    running = client.get(f"/reports/exports/{export.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in running and 'value="25"' in running and "download" not in running
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.DONE)
    done = client.get(f"/reports/exports/{export.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and f"/reports/exports/{export.pk}/download/" in done


def test_only_the_owner_downloads_an_export(users, login, register_data, django_capture_on_commit_callbacks):
    export = _make_export(login(users["ketua_pji"]), django_capture_on_commit_callbacks, "report_register")
    for who in ("mt", "kepala_balai", "pelanggan"):
        client = login(users[who])
        assert client.get(f"/reports/exports/{export.pk}/download/").status_code == 404
        assert client.get(f"/reports/exports/{export.pk}/").status_code == 404


@pytest.mark.parametrize("kind", ["billing_reconciliation", "survey_responses"])
def test_a_supervisor_cannot_export_money_or_survey_registers(users, login, kind):
    response = login(users["penyelia"]).post("/reports/exports/new/", {"kind": kind, "format": "xlsx", **PERIOD})
    assert response.status_code == 404
    assert not Export.objects.exists()


@pytest.mark.parametrize("who", ["pelanggan", "cs", "analis"])
def test_outside_the_audience_nothing_is_exported(users, login, who):
    response = login(users[who]).post("/reports/exports/new/", {"kind": "order_register", "format": "xlsx", **PERIOD})
    assert response.status_code == 404
    assert not Export.objects.exists()


def test_a_supervisor_exports_only_orders_of_their_laboratory(users, login, register_data,
                                                              django_capture_on_commit_callbacks):
    client = login(users["penyelia2"])  # temperature and pressure: none of these balances
    export = _make_export(client, django_capture_on_commit_callbacks, "order_register")
    assert export.status == ExportStatus.DONE
    assert _sheet(client.get(f"/reports/exports/{export.pk}/download/"))[1:] == []


def test_reconciliation_and_survey_registers(users, login, register_data, django_capture_on_commit_callbacks):
    order, _other = register_data
    client = login(users["kepala_balai"])
    billing = _sheet(client.get(f"/reports/exports/{_make_export(client, django_capture_on_commit_callbacks, 'billing_reconciliation').pk}/download/"))
    assert billing[1][1] == order.number and billing[1][9] == "0123456789ABCDEF" and billing[1][12] == 0
    survey = _sheet(client.get(f"/reports/exports/{_make_export(client, django_capture_on_commit_callbacks, 'survey_responses').pk}/download/"))
    assert survey[1][1] == order.number and survey[1][4:13] == [3] * 9


def test_the_download_is_logged(users, login, register_data, django_capture_on_commit_callbacks):
    from workflow.models import AuditEntry

    client = login(users["kepala_balai"])
    export = _make_export(client, django_capture_on_commit_callbacks, "report_register")
    client.get(f"/reports/exports/{export.pk}/download/")
    assert AuditEntry.objects.filter(code="document.download", actor=users["kepala_balai"],
                                     note__startswith="export report_register").exists()


def test_a_dashboard_table_downloads_as_excel(users, login, register_data):
    response = login(users["kepala_balai"]).get("/reports/table/revenue_by_month.xlsx", PERIOD)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Bulan", "Pembayaran", "Jumlah"] and rows[1][1:] == [1, sum(
        i.effective_amount for i in register_data[0].instruments.all())]


def test_a_supervisor_cannot_download_the_revenue_table(users, login):
    assert login(users["penyelia"]).get("/reports/table/revenue_by_month.xlsx").status_code == 404


@pytest.mark.slow
def test_pdf_exports(users, login, register_data, django_capture_on_commit_callbacks):
    client = login(users["kepala_balai"])
    table = client.get("/reports/table/orders_by_state.pdf", PERIOD)
    assert table.status_code == 200 and table.content.startswith(b"%PDF")
    export = _make_export(client, django_capture_on_commit_callbacks, "order_register", fmt="pdf")
    assert export.status == ExportStatus.DONE
    assert b"".join(client.get(f"/reports/exports/{export.pk}/download/").streaming_content).startswith(b"%PDF")


def test_the_export_list_shows_only_my_exports(users, login):
    Export.objects.create(owner=users["mt"], kind="report_register", format="xlsx", filename="mine.xlsx")
    Export.objects.create(owner=users["ketua_pji"], kind="report_register", format="xlsx", filename="theirs.xlsx")
    response = login(users["mt"]).get("/reports/exports/")
    assert [e.owner for e in response.context["exports"]] == [users["mt"]]
