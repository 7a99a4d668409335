"""Numbers on the results pages, the preview and the public verify page read in the reader's language:
Indonesian 5.000,03, English 5,000.03 (inputs accept either decimal separator)."""
import pytest
from django.conf import settings
from django.urls import reverse

from orders.models import Instrument
from results.models import CalibrationPoint
from results.tests.helpers import grid_data

ROWS = [
    {"param": "Repeatabilitas", "nominal": "5000", "readings": "5000,03; 5000,03; 5000,03", "unit": "g"},
    {"param": "Eksentrisitas", "nominal": "5000", "readings": "5000,02; 5000,04; 5000,03", "unit": "g"},
    {"param": "Penunjukan (linearitas)", "nominal": "5000", "readings": "5000,03; 5000,02; 5000,04", "unit": "g"},
]


def _english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


@pytest.fixture
def big_balance(balance):
    Instrument.objects.filter(pk=balance.pk).update(capacity="6 200 g", resolution="0,01 g", tolerance="")
    return Instrument.objects.get(pk=balance.pk)


@pytest.fixture
def submitted(big_balance, users, login):
    response = login(users["analis"]).post(reverse("results:grid", args=[big_balance.pk]),
                                           grid_data(big_balance, ROWS, temperature="20,5", submit=True))
    assert response.status_code == 302
    return big_balance


def test_the_results_page_shows_numbers_in_indonesian(submitted, users, login):
    page = login(users["penyelia"]).get(reverse("results:grid", args=[submitted.pk])).content.decode()
    assert "5.000,03; 5.000,03; 5.000,03" in page  # the readings
    assert "5.000,030" in page  # the mean, one decimal more than the readings
    assert "20,5 °C" in page  # the conditions
    assert "5000.03" not in page and "20.5 °C" not in page


def test_the_results_page_shows_numbers_in_english(submitted, users, login):
    page = _english(login(users["penyelia"])).get(reverse("results:grid", args=[submitted.pk])).content.decode()
    assert "5,000.03; 5,000.03; 5,000.03" in page and "5,000.030" in page and "20.5 °C" in page
    assert "5.000,03" not in page and "20,5 °C" not in page


def test_the_grid_puts_stored_numbers_back_as_the_reader_types_them(big_balance, users, login):
    client = login(users["analis"])
    client.post(reverse("results:grid", args=[big_balance.pk]), grid_data(big_balance, ROWS))
    assert CalibrationPoint.objects.filter(readings=["5000.03", "5000.03", "5000.03"]).exists()
    page = client.get(reverse("results:grid", args=[big_balance.pk])).content.decode()
    assert 'value="5000,03; 5000,03; 5000,03"' in page and "5.000,030" in page
    page = _english(client).get(reverse("results:grid", args=[big_balance.pk])).content.decode()
    assert 'value="5000.03; 5000.03; 5000.03"' in page and "5,000.030" in page


def test_the_preview_shows_numbers_in_the_readers_language(big_balance, users, login):
    client = login(users["analis"])
    url = reverse("results:preview", args=[big_balance.pk])
    page = client.post(url, grid_data(big_balance, ROWS[:1])).content.decode()
    assert "5.000,030" in page and 'data-preview="correction">-0,03' in page
    page = _english(client).post(url, grid_data(big_balance, ROWS[:1])).content.decode()
    assert "5,000.030" in page and 'data-preview="correction">-0.03' in page


def test_the_verify_page_shows_the_issued_results_in_the_readers_language(order_at, client):
    from certificates.demo import ensure_demo_keys

    ensure_demo_keys()
    from demo.road import demo_lines

    order = order_at("SIGNED", lines=demo_lines(count_mass=1, count_temp=0))
    report = order.reports.get()
    point = CalibrationPoint.objects.filter(parameter__instrument=report.instrument).first()
    CalibrationPoint.objects.filter(pk=point.pk).update(nominal="5000", readings=["5000.03"] * 3, correction="-0.03")
    url = reverse("certificates:verify", args=[report.token])
    page = client.get(url).content.decode()
    assert "Hasil kalibrasi yang diterbitkan" in page
    assert "5.000,030" in page and "-0,03" in page
    page = _english(client).get(url).content.decode()
    assert "5,000.030" in page and "-0.03" in page and "5.000,030" not in page


def test_the_certificate_keeps_its_own_rule_in_any_language(order_at):
    from django.template.loader import render_to_string
    from django.utils import translation

    from certificates.content import report_context
    from demo.road import demo_lines

    order = order_at("NUMBERED", lines=demo_lines(count_mass=1, count_temp=0))
    report = order.reports.get()
    point = CalibrationPoint.objects.filter(parameter__instrument=report.instrument).first()
    CalibrationPoint.objects.filter(pk=point.pk).update(nominal="5000", readings=["5000.03"] * 3)
    for language in ("id", "en"):
        with translation.override(language):
            html = render_to_string("certificates/report_pdf.html", report_context(report, draft=True))
        assert "5\u2009000.030" in html and "5.000,030" not in html and "5,000.030" not in html
        assert "Tanda desimal pada sertifikat ini adalah titik (.)" in html
        assert "The decimal marker in this certificate is the point (.)" in html
