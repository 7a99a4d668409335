"""The dashboard's SLA figures for fixed timestamps, against a hand calculation.

Office hours 07:30–16:00 WIB (510 minutes a day), Monday–Friday, Indonesian holidays off.
August 2026: Friday the 14th, the weekend of the 15th–16th, Monday the 17th (Independence Day,
a national holiday), Tuesday the 25th (the Prophet's Birthday, a national holiday).
"""
from datetime import date

import pytest

from management.access import ReportScope
from management.dashboard import step_times
from management.period import Period
from management.steps import nearest_rank, step_statistics
from management.tests.factories import entry, plain_order, wib
from workflow.worktime import OfficeCalendar

AUGUST = Period(date(2026, 8, 1), date(2026, 9, 30))


@pytest.fixture
def timeline(users):
    cs, analis = users["cs"], users["analis"]
    # Step 5 (norm 10 office minutes), from the submission (step 4) to the validation:
    a = plain_order(users, wib(2026, 8, 10, 7, 50))
    entry("order.submit", wib(2026, 8, 10, 8, 0), users["pelanggan"], order=a)
    entry("order.validate", wib(2026, 8, 10, 8, 5), cs, order=a)  # 5 minutes
    b = plain_order(users, wib(2026, 8, 14, 15, 0))
    entry("order.submit", wib(2026, 8, 14, 15, 55), users["pelanggan"], order=b)
    # 15:55–16:00 Friday = 5, weekend and the 17th off, Tuesday 07:30–07:40 = 10: 15 minutes
    entry("order.validate", wib(2026, 8, 18, 7, 40), cs, order=b)
    c = plain_order(users, wib(2026, 8, 10, 5, 0))
    entry("order.submit", wib(2026, 8, 10, 6, 0), users["pelanggan"], order=c)  # before opening
    entry("order.validate", wib(2026, 8, 10, 7, 38), cs, order=c)  # 07:30–07:38: 8 minutes
    # Step 14 (norm 14 working days), from the MT's approval (step 13) to the analyst's results:
    d = plain_order(users, wib(2026, 8, 3, 9, 0), instruments=3)
    i1, i2, i3 = d.instruments.order_by("position")
    for inst in (i1, i2, i3):
        entry("instrument.approve_assignment", wib(2026, 8, 14, 10, 0), users["mt"], instrument=inst)
    # Fri 10:00–16:00 = 360; 15–17 off; Tue 07:30–10:00 = 150: 510 minutes = 1.0 working day
    entry("instrument.submit_results", wib(2026, 8, 18, 10, 0), analis, instrument=i1)
    # 360 + full days 18–21, 24, 26–28, 31 (9 × 510; the 25th is a holiday) + 150 = 5100 = 10.0 days
    entry("instrument.submit_results", wib(2026, 9, 1, 10, 0), analis, instrument=i2)
    # 360 + 14 full days (to Mon 7 Sep) + 150 on Tue 8 Sep = 7650 minutes = 15.0 days: late
    entry("instrument.submit_results", wib(2026, 9, 8, 10, 0), analis, instrument=i3)
    return a, b, c, d


def _stat(stats, code):
    return next(s for s in stats if s.row.code == code)


def test_step_figures_match_the_hand_calculation(users, timeline):
    stats = step_statistics(AUGUST, OfficeCalendar(), ReportScope(users["kepala_balai"], None))
    validate = _stat(stats, "order.validate")
    assert validate.count == 3
    assert validate.median == 8  # sorted 5, 8, 15
    assert validate.p90 == 15  # rank ⌈0.9 × 3⌉ = 3
    assert validate.within == 2 and validate.within_share == pytest.approx(2 / 3)
    results = _stat(stats, "instrument.submit_results")
    assert results.unit == "working_days" and results.norm == 14
    assert results.count == 3
    assert results.median == pytest.approx(10.0)  # sorted 1.0, 10.0, 15.0
    assert results.p90 == pytest.approx(15.0)
    assert results.within_share == pytest.approx(2 / 3)


def test_a_step_completed_outside_the_period_is_not_counted(users, timeline):
    only_september = Period(date(2026, 9, 1), date(2026, 9, 30))
    stats = step_statistics(only_september, OfficeCalendar(), ReportScope(users["mt"], None))
    assert _stat(stats, "order.validate").count == 0
    results = _stat(stats, "instrument.submit_results")
    assert results.count == 2 and results.median == pytest.approx(12.5)


def test_a_supervisor_sees_only_the_instrument_steps_of_their_laboratory(users, timeline):
    penyelia, penyelia2 = users["penyelia"], users["penyelia2"]
    own = step_statistics(AUGUST, OfficeCalendar(), ReportScope(penyelia, penyelia.laboratory_id))
    assert {s.row.subject for s in own} == {"instrument"}
    assert _stat(own, "instrument.submit_results").count == 3
    other = step_statistics(AUGUST, OfficeCalendar(), ReportScope(penyelia2, penyelia2.laboratory_id))
    assert _stat(other, "instrument.submit_results").count == 0


def test_the_dashboard_table_shows_the_same_figures(users, timeline):
    table = step_times(ReportScope(users["kepala_balai"], None), AUGUST, OfficeCalendar())
    row = next(r for r in table.rows if r[0] == 14)
    assert row[3:9] == (14, "hari kerja", 3, 10.0, 15.0, 66.7)


def test_nearest_rank_percentile():
    values = list(range(1, 11))
    assert nearest_rank(values, 0.9) == 9
    assert nearest_rank([4.0], 0.9) == 4.0
    assert nearest_rank([], 0.9) is None


def test_the_migration_backfills_the_same_durations_the_figures_came_from(users, timeline):
    """Entries written before durations were stored (office_minutes empty) get them from the
    backfill, and the dashboard's figures for the past period are the same as before."""
    from workflow.durations import backfill_office_minutes
    from workflow.models import AuditEntry

    before = step_statistics(AUGUST, OfficeCalendar(), ReportScope(users["kepala_balai"], None))
    stored = dict(AuditEntry.objects.exclude(office_minutes=None).values_list("pk", "office_minutes"))
    assert stored
    AuditEntry.objects.update(office_minutes=None)
    assert step_statistics(AUGUST, OfficeCalendar(), ReportScope(users["kepala_balai"], None))[0].count == 0
    written = backfill_office_minutes(calendar=OfficeCalendar())
    assert written == len(stored)
    again = dict(AuditEntry.objects.exclude(office_minutes=None).values_list("pk", "office_minutes"))
    assert again.keys() == stored.keys()
    assert all(again[pk] == pytest.approx(stored[pk], abs=1e-6) for pk in stored)
    after = step_statistics(AUGUST, OfficeCalendar(), ReportScope(users["kepala_balai"], None))
    assert [(s.row.code, s.count, s.median, s.p90, s.within) for s in after] == [
        (s.row.code, s.count, pytest.approx(s.median), pytest.approx(s.p90), s.within) for s in before]
