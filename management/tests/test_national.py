"""The national dashboard: the central admin and the ministry's leaders see every unit side by side and
may open any one unit's dashboard; a unit's staff see only their unit. The national page, a unit's page and
their Excel workbooks agree on the same figures."""
import io
import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.models import User, UserRole
from accounts.roles import Role
from lab.models import Parameter
from management.access import ReportScope
from management.dashboard import overdue_items
from management.national import national_tables
from management.period import Period
from management.tests.factories import entry, paid, plain_order, surveyed, wib
from orders.models import Order
from units.current import default_unit
from units.models import Unit
from workflow.worktime import UnitCalendars

WIT = ZoneInfo("Asia/Jayapura")
YEAR = {"start": "2026-01-01", "end": "2026-12-31"}
PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def jayapura(db):
    return Unit.objects.create(code="bspji-jayapura", name="Balai Standardisasi dan Pelayanan Jasa Industri Jayapura",
                               short_name="BSPJI Jayapura", time_zone="Asia/Jayapura", office_start=time(7, 30),
                               office_end=time(16, 0), office_weekdays=[0, 1, 2, 3, 4], satker_code="409872")


@pytest.fixture
def head_jayapura(jayapura):
    person = User.objects.create_user("kepala_jayapura", email="kepala@jayapura.example", password="x", full_name="Ir. Yohanes Rumbiak")
    UserRole.objects.create(user=person, role=Role.KEPALA_BALAI, unit=jayapura)
    return person


@pytest.fixture
def national(db):
    person = User.objects.create_user("pusat", email="pusat@kemenperin.example", password="x", full_name="Admin Pusat")
    UserRole.objects.create(user=person, role=Role.ADMIN_PUSAT)
    return person


def _work(users, unit, when, score=4, instruments=2):
    """An order of `unit` whose instruments were received `when`, with its steps 4 and 5 in the audit trail,
    paid and surveyed."""
    order = plain_order(users, when, state="IN_LAB", instruments=instruments)
    Order.objects.filter(pk=order.pk).update(unit=unit, number=f"ORD/{unit.code}/{order.pk:06d}")
    order.refresh_from_db()
    for inst in order.instruments.all():
        inst.received_at, inst.state = when, "IN_CALIBRATION"
        inst.save(update_fields=["received_at", "state"])
        Parameter.objects.create(instrument=inst, name="Linearitas", analyst=users["analis"])
    entry("order.submit", when + timedelta(minutes=10), users["pelanggan"], order=order)
    entry("order.validate", when + timedelta(minutes=25), users["cs"], order=order)
    paid(order, when + timedelta(hours=2), ntpn=f"NTPN{order.pk:012d}")
    surveyed(order, when + timedelta(days=1), score=score)
    return order


def _late(users, unit, days=40):
    """An order waiting for the CS's validation (step 5, 10 office minutes) for `days` days."""
    moment = datetime.now(WIT) - timedelta(days=days)
    order = plain_order(users, moment, state="SUBMITTED")
    Order.objects.filter(pk=order.pk).update(unit=unit, number=f"ORD/{unit.code}/{order.pk:06d}")
    return order


@pytest.fixture
def two_units(users, jayapura):
    home = default_unit()
    for n in range(2):
        _work(users, home, wib(2026, 3, 2 + n, 9, 0))
    _work(users, jayapura, wib(2026, 3, 4, 9, 0), score=3, instruments=1)
    _work(users, jayapura, wib(2026, 3, 5, 9, 0), score=3, instruments=3)
    _late(users, home)
    _late(users, jayapura)
    _late(users, jayapura, days=50)
    return home, jayapura


def _tables(response) -> dict:
    assert response.status_code == 200
    return {t.key: t for t in response.context["tables"]}


def _workbook(response) -> dict:
    """Sheet title (the table's title cut as Excel cuts it) -> the rows under its header."""
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    return {ws.title: [list(r) for r in ws.iter_rows(min_row=3, values_only=True)] for ws in book.worksheets}


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    return None if value == "" else value


def _sheet_of(book, table) -> list:
    from management.xlsx import sheet_title

    rows = book[sheet_title(str(table.title))]
    return [[_plain(v) for v in row] + [None] * (len(table.columns) - len(row)) for row in rows]


def _rows_of(table) -> list:
    return [[_plain(str(v) if hasattr(v, "_proxy____cast") else v) for v in row] for row in table.rows]


def _column(table, label) -> dict:
    i = [str(c.label) for c in table.columns].index(label)
    return {row[0]: row[i] for row in table.rows}


def test_the_national_dashboard_a_units_dashboard_and_their_excel_files_agree(users, login, two_units, national,
                                                                              head_jayapura):
    home, jayapura = two_units
    client = login(national)
    nat = _tables(client.get("/reports/", YEAR))
    assert list(nat) == ["units_summary", "orders_by_state", "step_times", "overdue", "revenue_by_unit",
                         "ikm_by_unit"]
    nat_book = _workbook(client.get("/reports/dashboard.xlsx", YEAR))
    for table in nat.values():  # the national workbook holds the page's figures, sheet by sheet
        assert _sheet_of(nat_book, table) == _rows_of(table), table.key

    for unit, head in ((home, users["kepala_balai"]), (jayapura, head_jayapura)):
        name = str(unit)
        mine = _tables(login(head).get("/reports/", YEAR))
        drilled = _tables(login(national).get("/reports/", {**YEAR, "unit": unit.code}))
        assert list(drilled) == list(mine)
        for key in mine:  # the drill-down is the page the unit's head sees
            assert _rows_of(drilled[key]) == _rows_of(mine[key]), key
        unit_book = _workbook(login(head).get("/reports/dashboard.xlsx", YEAR))
        for table in mine.values():
            assert _sheet_of(unit_book, table) == _rows_of(table), table.key

        # orders by state: the unit's column of the national table
        by_state = _column(nat["orders_by_state"], name)
        assert by_state == {row[0]: row[1] for row in mine["orders_by_state"].rows}
        # the SOP steps: the unit's rows of the national table, row for row
        assert [r[1:] for r in nat["step_times"].rows if r[0] == name] == list(mine["step_times"].rows)
        assert sum(r[5] for r in mine["step_times"].rows) == 4  # steps 4 and 5 of two orders
        # overdue items, each judged on its unit's calendar
        assert [r[1:] for r in nat["overdue"].rows if r[0] == name] == list(mine["overdue"].rows)
        # revenue: the unit's total is the sum of its months
        payments, amount = next(r[1:] for r in nat["revenue_by_unit"].rows if r[0] == name)
        assert payments == sum(r[1] for r in mine["revenue_by_month"].rows) == 2
        assert amount == sum(r[2] for r in mine["revenue_by_month"].rows) > 0
        # IKM: one quarter of surveys, the same figures
        [quarter] = mine["ikm_by_quarter"].rows
        assert next(r[1:] for r in nat["ikm_by_unit"].rows if r[0] == name) == quarter[1:]
        # the summary's row
        summary = next(r for r in nat["units_summary"].rows if r[0] == name)
        assert summary[1] == sum(by_state.values()) == (3 if unit == home else 4)
        assert summary[5] == len(mine["overdue"].rows)
        assert summary[6] == amount and summary[7] == quarter[1] and summary[8] == quarter[2]

    # Jayapura: its four instruments in calibration since March and its two orders waiting for step 5
    assert len([r for r in nat["overdue"].rows if r[0] == "BSPJI Jayapura"]) == 6
    ikm = {r[0]: (r[1], r[2], r[3]) for r in nat["ikm_by_unit"].rows}
    assert ikm["BSPJI Jayapura"] == (2, 75.0, "C") and ikm[str(home)] == (2, 100.0, "A")
    assert ikm["Seluruh unit"] == (4, 87.5, "B")
    total = nat["units_summary"].rows[-1]
    assert total[0] == "Seluruh unit" and total[1] == 7 and total[5] == 11


def test_a_unit_user_sees_only_their_unit(users, login, two_units, head_jayapura):
    home, jayapura = two_units
    client = login(head_jayapura)
    page = client.get("/reports/", YEAR)
    html = page.content.decode()
    assert page.context["view"].unit.pk == jayapura.pk
    theirs = Order.objects.filter(unit=home).exclude(number="").values_list("number", flat=True)
    assert theirs and not any(n in html for n in theirs)
    assert sum(r[1] for r in _tables(page)["orders_by_state"].rows) == 4
    for other in (home.code, str(home.pk)):
        assert client.get("/reports/", {**YEAR, "unit": other}).status_code == 404
        assert client.get("/reports/dashboard.xlsx", {**YEAR, "unit": other}).status_code == 404
        assert client.get("/reports/table/revenue_by_month.xlsx", {**YEAR, "unit": other}).status_code == 404
    assert client.get("/reports/", {"unit": "nowhere"}).status_code == 404
    # the head of the first unit does not reach Jayapura either
    assert login(users["kepala_balai"]).get("/reports/", {"unit": jayapura.code}).status_code == 404
    # nor do the national tables answer a unit's staff
    unit_sheet = login(head_jayapura).get("/reports/table/revenue_by_unit.xlsx", YEAR)
    assert unit_sheet.status_code == 404


def test_a_head_of_two_units_picks_between_them(users, login, two_units, head_jayapura):
    home, jayapura = two_units
    UserRole.objects.create(user=head_jayapura, role=Role.KEPALA_BALAI, unit=home)
    client = login(User.objects.get(pk=head_jayapura.pk))
    first = client.get("/reports/", YEAR)
    assert [pk for pk, _name in first.context["view"].choices] == sorted([home.pk, jayapura.pk],
                                                                          key=lambda pk: str(Unit.objects.get(pk=pk)))
    for unit, orders in ((home, 3), (jayapura, 4)):
        page = client.get("/reports/", {**YEAR, "unit": unit.code})
        assert page.context["view"].unit.pk == unit.pk
        assert sum(r[1] for r in _tables(page)["orders_by_state"].rows) == orders
    assert 'name="unit"' in first.content.decode()


def test_an_unknown_unit_is_explained_on_the_national_page_not_a_500(login, national, two_units):
    response = login(national).get("/reports/", {**YEAR, "unit": "bspji-atlantis"})
    assert response.status_code == 200
    assert "Unit bspji-atlantis tidak dikenal." in response.content.decode()
    assert response.context["view"].unit is None and "units_summary" in _tables(response)
    assert login(national).get("/reports/", {**YEAR, "unit": "99999"}).status_code == 200


def test_the_national_roles_reach_the_dashboard_from_the_menu_and_nothing_of_the_registers(login, national):
    page = login(national).get("/", follow=True)
    assert 'href="/reports/">Dasbor nasional</a>' in page.content.decode()
    client = login(national)
    assert client.get("/reports/audit/").status_code == 404
    assert client.get("/reports/exports/").status_code == 404
    assert client.post("/reports/exports/new/", {"kind": "order_register", "format": "xlsx", **YEAR}).status_code == 404


def test_an_overdue_item_in_jayapura_is_judged_in_wit_office_hours(users, jayapura):
    """Step 5 (10 office minutes) entered Wednesday 15:55 WIT (13:55 WIB). At Thursday 07:40 WIT the
    Papuan office has worked 5 + 10 minutes: 5 minutes late. On the Javanese clock (05:40 WIB, its office
    then still shut) it would be 125 − 10 = 115 minutes late."""
    entered = datetime(2026, 6, 10, 15, 55, tzinfo=WIT)
    order = plain_order(users, entered, state="SUBMITTED")
    Order.objects.filter(pk=order.pk).update(unit=jayapura, number="ORD/2026/06/000777")
    scope = ReportScope(users["kepala_balai"], None)
    on_time = overdue_items(scope, UnitCalendars(), datetime(2026, 6, 11, 7, 34, tzinfo=WIT))
    assert on_time.rows == []  # 5 + 4 = 9 office minutes in Jayapura; on the WIB clock 125, long overdue
    [late] = overdue_items(scope, UnitCalendars(), datetime(2026, 6, 11, 7, 40, tzinfo=WIT)).rows
    assert late[2] == "ORD/2026/06/000777" and late[7] == "5 menit kerja"
    assert late[6] == datetime(2026, 6, 11, 7, 35)  # in Jayapura's own time
    [(_unit, *row)] = national_tables(PERIOD, now=datetime(2026, 6, 11, 7, 40, tzinfo=WIT))[3].rows
    assert row == list(late) or tuple(row) == late


def _national_queries(period):
    with CaptureQueriesContext(connection) as ctx:
        national_tables(period)
    return len(ctx.captured_queries)


def test_the_national_page_costs_the_same_queries_for_two_units_or_three(users, login, two_units, national):
    national_tables(PERIOD)  # the units and their calendars are read once and kept
    two = _national_queries(PERIOD)
    # orders by state 1, step times 1 (on PostgreSQL in its own savepoint with more sort memory: 3 more),
    # overdue 5 (the counts per unit, orders, instruments, their parameters, the analysts), revenue 1, IKM 1
    assert two == 9 + (3 if connection.vendor == "postgresql" else 0)
    third = Unit.objects.create(code="bspji-makassar", name="Balai Makassar", short_name="BSPJI Makassar",
                                time_zone="Asia/Makassar", office_start=time(8), office_end=time(16))
    _work(users, third, wib(2026, 4, 1, 9, 0))
    _late(users, third)
    national_tables(PERIOD)
    assert _national_queries(PERIOD) == two
    client = login(national)
    client.get("/reports/", YEAR)
    with CaptureQueriesContext(connection) as page:
        client.get("/reports/", YEAR)
    assert len(page.captured_queries) <= two + 3  # the session's and the sidebar's, nothing per unit


def test_every_overdue_item_is_counted_though_the_list_shows_the_earliest_due(users, two_units, monkeypatch, login,
                                                                              national):
    """The summary counts every item past its stored deadline per unit (in SQL, not only those listed);
    the list shows the earliest due, and says it is cut."""
    import management.dashboard
    import management.national

    home, jayapura = two_units
    now = datetime.now(WIT)
    for days_ago in (60, 45, 70):  # three more in Jayapura, with the deadline the engine stores
        order = _late(users, jayapura, days=days_ago)
        Order.objects.filter(pk=order.pk).update(due_at=now - timedelta(days=days_ago - 1))
    waiting = _late(users, home, days=90)  # waited long, but its deadline moved (a collective leave, say)
    Order.objects.filter(pk=waiting.pk).update(due_at=now + timedelta(hours=1))
    waiting.refresh_from_db()
    monkeypatch.setattr(management.dashboard, "OVERDUE_LIMIT", 3)
    monkeypatch.setattr(management.national, "OVERDUE_LIMIT", 3)
    tables = {t.key: t for t in national_tables(PERIOD)}
    late = _column(tables["units_summary"], "Melewati norma")
    assert late["BSPJI Jayapura"] == 6 + 3 and late[str(home)] == 5 and late["Seluruh unit"] == 14
    listed = tables["overdue"]
    assert len(listed.rows) == 3 and listed.truncated
    _counts, every = management.dashboard.overdue_found(ReportScope(None, None, None, national=True),
                                                        UnitCalendars(), timezone.now())
    assert len(every) == 14 and all(waiting.number not in row[2] for _unit, row in every)
    assert [row[1:] for row in listed.rows] == [row for _unit, row in every[:3]]
    assert [row[7] for row in listed.rows] == sorted(row[7] for row in listed.rows)
    page = login(national).get("/reports/", YEAR).content.decode()
    assert "Ditampilkan 3 dari 14." in page


def test_a_table_pdf_carries_the_letterhead_and_the_zone_of_whom_it_is_about(users, login, national, jayapura,
                                                                             head_jayapura, monkeypatch):
    drawn = []
    monkeypatch.setattr("core.pdf.html_to_pdf", lambda html, **kwargs: drawn.append(html) or b"%PDF-1.4")
    monkeypatch.setattr("management.writers.timezone.now", lambda: datetime(2026, 6, 10, 1, 30, tzinfo=UTC))
    for reader, key, unit in ((national, "units_summary", None), (national, "orders_by_state", jayapura.code),
                              (head_jayapura, "orders_by_state", None), (users["kepala_balai"], "orders_by_state", None)):
        params = {**YEAR, "unit": unit} if unit else YEAR
        assert login(reader).get(f"/reports/table/{key}.pdf", params).status_code == 200
    ministry, opened, own, home = drawn

    def letterhead(html):
        return re.search(r'<div class="letterhead">(.*?)</div>', html).group(1)

    assert letterhead(ministry) == "Kementerian Perindustrian Republik Indonesia"
    assert letterhead(opened) == letterhead(own) == jayapura.name  # the national role opening it, or its head
    assert letterhead(home) == default_unit().name
    assert "10:30" in opened and "10:30" in own  # made at 10:30 WIT
    assert "08:30" in ministry and "08:30" in home


def test_a_units_register_pdf_carries_its_letterhead(login, jayapura, head_jayapura, monkeypatch,
                                                     django_capture_on_commit_callbacks):
    drawn = []
    monkeypatch.setattr("core.pdf.html_to_pdf", lambda html, **kwargs: drawn.append(html) or b"%PDF-1.4")
    with django_capture_on_commit_callbacks(execute=True):
        login(head_jayapura).post("/reports/exports/new/", {"kind": "order_register", "format": "pdf", **YEAR})
    [html] = drawn
    assert f'<div class="letterhead">{jayapura.name}</div>' in html
