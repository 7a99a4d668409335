"""The results grid reads a fixed number of queries (pinned: lower a pin when a query goes, never raise
it): the instrument with its sheet, its parameters, their points, the covering methods, the laboratory's
standards and the raw files; once the results were submitted, their changes and comments, and the sheet's
standards on the read-only page."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from results.tests.helpers import TWO_POINTS, grid_data


def _queries(client, url) -> int:
    client.get(url)  # warm: the session, the user, the units
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_grid_queries_are_pinned(thermometer, users, login):
    url = reverse("results:grid", args=[thermometer.pk])
    analyst = login(users["analis2"])
    before = _queries(analyst, url)  # nothing entered yet: the form, no sheet, no comments or changes
    analyst.post(url, grid_data(thermometer, TWO_POINTS, submit=True))
    supervisor = login(users["penyelia2"])
    checking = _queries(supervisor, url)  # read only, with the forms of the check
    assert (before, checking) == (PINS["analyst"], PINS["supervisor"])


PINS = {"analyst": 6, "supervisor": 8}  # 12 and 13 before the grid was reworked
