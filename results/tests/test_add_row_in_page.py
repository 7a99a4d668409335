"""Adding a point row in the results grid happens in the page: each of the analyst's parameters has a
template row the page's script copies with the next index, and the server reads and checks that row like
any other (the browser side is in e2e/test_less_clicking.py)."""
import re

import lxml.html
import pytest
from django.urls import reverse

from results.models import CalibrationPoint
from results.tests.helpers import TWO_POINTS, grid_data

pytestmark = pytest.mark.django_db


def templates_of(html: str) -> dict[str, list]:
    """param pk -> the fields of its template row (lxml keeps a <template>'s content as children)."""
    doc = lxml.html.fromstring(html)
    return {t.get("data-row-template"): t.xpath(".//input|.//select") for t in doc.xpath("//template[@data-row-template]")}


def test_each_own_parameter_has_a_template_row_with_the_fields_of_a_grid_row(balance, users, login):
    html = login(users["analis"]).get(reverse("results:grid", args=[balance.pk])).content.decode()
    templates = templates_of(html)
    assert set(templates) == {str(p.pk) for p in balance.parameters.all()}
    doc = lxml.html.fromstring(html)
    first_row = {re.sub(r"^r-\d+-", "", el.get("name"))
                 for el in doc.xpath("//tr[@data-row='0']//input|//tr[@data-row='0']//select")}
    for pk, fields in templates.items():
        names = {el.get("name") for el in fields}
        assert all(n.startswith("r-__i__-") for n in names)
        assert {n.removeprefix("r-__i__-") for n in names} == first_row
        [param] = [el for el in fields if el.get("name") == "r-__i__-param"]
        assert param.get("value") == pk
        [point_id] = [el for el in fields if el.get("name") == "r-__i__-id"]
        assert point_id.get("value") == ""
    # The button posts to the server when script is off, and names the row template for the script.
    assert {b.get("data-add-row") for b in doc.xpath("//button[@name='add_row']")} == set(templates)


def test_a_row_copied_from_the_template_with_the_next_index_is_saved(thermometer, users, login):
    client = login(users["analis2"])
    url = reverse("results:grid", args=[thermometer.pk])
    [(pk, fields)] = templates_of(client.get(url).content.decode()).items()
    data = grid_data(thermometer, TWO_POINTS[:1])
    # What the script does: the template's fields with index 1 (the old count), then the count raised.
    typed = {"nominal": TWO_POINTS[1]["nominal"], "readings": TWO_POINTS[1]["readings"], "unit": "°C"}
    for el in fields:
        name = el.get("name").replace("__i__", data["rows"])
        data[name] = typed.get(name.rsplit("-", 1)[1], el.get("value") or "")
    data["rows"] = str(int(data["rows"]) + 1)
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(CalibrationPoint.objects.order_by("position").values_list("nominal", flat=True)) == ["0", "100"]


def test_a_copied_row_with_a_bad_number_comes_back_with_its_message(thermometer, users, login):
    client = login(users["analis2"])
    url = reverse("results:grid", args=[thermometer.pk])
    [(pk, fields)] = templates_of(client.get(url).content.decode()).items()
    data = grid_data(thermometer, TWO_POINTS[:1])
    for el in fields:
        name = el.get("name").replace("__i__", "1")
        data[name] = {"nominal": "1O0", "readings": "100,1; 100,2", "unit": "°C"}.get(
            name.rsplit("-", 1)[1], el.get("value") or "")
    data["rows"] = "2"
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Baris 2 (Suhu), nilai nominal" in page and 'value="1O0"' in page
    assert not CalibrationPoint.objects.exists()
