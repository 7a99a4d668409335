"""The dashboard's heaviest aggregate runs on a second connection beside the others (PostgreSQL, outside
a transaction): the tables are the same as when everything runs one after another, in the same order and
the reader's language; a failure on the second thread reaches the page."""
import threading

import pytest
from django.utils import translation

from hardening.tests.test_concurrency import need_postgresql  # noqa: F401 -- the fixture skips on SQLite
from management import dashboard
from management.access import ReportScope
from management.side_by_side import side_by_side
from management.tests.test_dashboard import YEAR, _lab_work
from management.tests.factories import wib
from workflow.worktime import OfficeCalendar

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _figures(tables):
    return [(t.key, str(t.title), t.rows) for t in tables]


def test_the_tables_side_by_side_equal_the_tables_one_after_another(users, need_postgresql, monkeypatch):
    _lab_work(users, wib(2026, 2, 10, 9, 0), n=2)
    scope, calendar = ReportScope(users["kepala_balai"], None), OfficeCalendar()
    threads = []
    real_step_times = dashboard.step_times

    def step_times(*args):
        threads.append(threading.current_thread().name)
        return real_step_times(*args)

    monkeypatch.setattr(dashboard, "step_times", step_times)
    with translation.override("en"):
        together = _figures(dashboard.dashboard_tables(scope, YEAR, calendar))
    assert threads == ["side-by-side"]  # it did run beside the others
    monkeypatch.setattr(dashboard, "side_by_side", lambda aside, here: ([c() for c in aside], [c() for c in here]))
    with translation.override("en"):
        alone = _figures(dashboard.dashboard_tables(scope, YEAR, calendar))
    assert together == alone
    assert [key for key, _title, _rows in together][:3] == ["orders_by_state", "step_times", "overdue"]
    with translation.override("en"):
        english = translation.gettext("Waktu per langkah SOP terhadap norma")
    assert english != "Waktu per langkah SOP terhadap norma"
    assert together[1][1] == english  # the second thread wrote in the reader's language


def test_an_error_on_the_second_thread_reaches_the_caller(need_postgresql):
    def broken():
        raise ValueError("aggregate failed")

    with pytest.raises(ValueError, match="aggregate failed"):
        side_by_side([broken], [lambda: 1])
