"""The dashboard: who may open it, what it shows, and that its queries do not grow with the data."""
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lab.models import Parameter
from management.access import ReportScope, report_scope
from management.dashboard import dashboard_tables, ikm_by_quarter, overdue_items, revenue_by_field, revenue_by_month
from management.period import Period
from management.tests.factories import entry, paid, plain_order, surveyed, wib
from workflow.worktime import OfficeCalendar, UnitCalendars

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def _lab_work(users, when, n=1):
    """Orders whose instruments were received `when`, analysed by `analis`, paid and surveyed."""
    for _ in range(n):
        order = plain_order(users, when, state="IN_LAB", instruments=2)
        for inst in order.instruments.all():
            inst.received_at = when
            inst.state = "IN_CALIBRATION"
            inst.save(update_fields=["received_at", "state"])
            Parameter.objects.create(instrument=inst, name="Linearitas", analyst=users["analis"])
        paid(order, when, ntpn=f"NTPN{order.pk:012d}")
        surveyed(order, when)


@pytest.mark.parametrize("who", ["kepala_balai", "ketua_pji", "mt", "penyelia"])
def test_the_audience_opens_the_dashboard(users, login, who):
    response = login(users[who]).get("/reports/")
    assert response.status_code == 200
    keys = [t.key for t in response.context["tables"]]
    assert "orders_by_state" in keys and "step_times" in keys and "overdue" in keys
    assert ("revenue_by_month" in keys) == (who != "penyelia")


@pytest.mark.parametrize("who", ["pelanggan", "cs", "analis", "bendahara", "admin"])
def test_others_do_not_see_the_dashboard(users, login, who):
    assert login(users[who]).get("/reports/").status_code == 404


def test_anonymous_is_sent_to_login(client, users):
    assert client.get("/reports/").status_code == 302


def test_charts_come_from_a_local_library_and_data_not_inline_script(users, login):
    html = login(users["kepala_balai"]).get("/reports/").content.decode()
    assert "/static/vendor/chart.umd.min.js" in html and "/static/management/dashboard.js" in html
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline and all('type="application/json"' in attrs for attrs in inline)
    assert 'data-chart="orders_by_state"' in html
    assert "Lihat angka" in html  # the numbers behind each chart, one click away
    assert "http://" not in re.sub(r'href="http://testserver[^"]*"', "", html.split("<main")[1])


def test_revenue_and_ikm_are_aggregated_by_month_field_and_quarter(users):
    _lab_work(users, wib(2026, 2, 10, 9, 0), n=2)
    _lab_work(users, wib(2026, 5, 4, 9, 0))
    scope = report_scope(users["kepala_balai"])
    months = revenue_by_month(scope, YEAR)
    per_order = 2 * users["pelanggan"].company.orders.first().instruments.first().amount
    assert [(r[1], r[2]) for r in months.rows] == [(2, 2 * per_order), (1, per_order)]
    fields = revenue_by_field(scope, YEAR)
    assert [r[1:] for r in fields.rows] == [(6, 3 * per_order)]
    quarters = ikm_by_quarter(scope, YEAR)
    assert [(r[0], r[1], r[2], r[3]) for r in quarters.rows] == [("2026 T1", 2, 100.0, "A"), ("2026 T2", 1, 100.0, "A")]


def test_overdue_items_name_who_holds_them(users):
    now = timezone.now()
    late = plain_order(users, now - timedelta(days=40), state="IN_LAB")
    inst = late.instruments.get()
    inst.state, inst.state_entered_at = "IN_CALIBRATION", now - timedelta(days=40)
    inst.save(update_fields=["state", "state_entered_at"])
    Parameter.objects.create(instrument=inst, name="Linearitas", analyst=users["analis"])
    fresh = plain_order(users, now, state="SUBMITTED")
    table = overdue_items(ReportScope(users["kepala_balai"], None), UnitCalendars(), now)
    holders = {r[2].split(" · ")[0]: r[4] for r in table.rows}
    assert any(str(users["analis"]) in h for h in holders.values())
    assert str(fresh) not in holders


def _dashboard_queries(scope):
    with CaptureQueriesContext(connection) as ctx:
        dashboard_tables(scope, YEAR, OfficeCalendar())
    return len(ctx.captured_queries)


def test_the_dashboard_query_count_is_pinned_and_does_not_grow_with_data(users, login):
    scope = ReportScope(users["kepala_balai"], None)
    _lab_work(users, wib(2026, 3, 2, 9, 0))
    _dashboard_queries(scope)  # the process builds its units' office calendars once (3 queries), then keeps them
    few = _dashboard_queries(scope)
    # orders by state 1, step times 1 (the stored durations; on PostgreSQL in its own savepoint with
    # more sort memory: 3 more), overdue 5 (the counts per unit, orders, instruments, their parameters, the analysts),
    # revenue 2, laboratories 1, analysts 1, IKM 1
    assert few == 12 + (3 if connection.vendor == "postgresql" else 0)
    client = login(users["kepala_balai"])
    client.get("/reports/", {"start": "2026-01-01", "end": "2026-12-31"})  # the sidebar's counts are kept after this
    with CaptureQueriesContext(connection) as small_page:
        client.get("/reports/", {"start": "2026-01-01", "end": "2026-12-31"})
    _lab_work(users, wib(2026, 3, 3, 9, 0), n=4)
    for order in users["pelanggan"].company.orders.all()[:3]:
        entry("order.validate", wib(2026, 3, 4, 9, 0), users["cs"], order=order)
    assert _dashboard_queries(scope) == few
    with CaptureQueriesContext(connection) as big_page:
        client.get("/reports/", {"start": "2026-01-01", "end": "2026-12-31"})
    assert len(big_page.captured_queries) == len(small_page.captured_queries)


def test_a_bad_period_falls_back_with_a_message(users, login):
    response = login(users["mt"]).get("/reports/", {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 200
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in response.content.decode()
    assert response.context["period"].start == date(timezone.localdate().year, 1, 1)
