"""English pages name the calibrated parameters in English (Repeatability, Temperature ...), from the
catalogue's English names; Indonesian pages and stored documents keep the Indonesian names."""
import pytest
from django.conf import settings
from django.utils import translation

from catalog.models import InstrumentType
from workflow.tests.test_no_raw_codes import visible_text


def _page(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return visible_text(response.content.decode())


@pytest.mark.django_db
def test_every_seeded_instrument_type_names_its_parameters_in_english(users):
    for itype in InstrumentType.objects.all():
        english = [p.strip() for p in itype.parameters_en.split(",") if p.strip()]
        assert len(english) == len(itype.parameter_names), itype
        with translation.override("en"):
            assert [itype.parameter_label(n) for n in itype.parameter_names] == english
        with translation.override("id"):
            assert [itype.parameter_label(n) for n in itype.parameter_names] == itype.parameter_names


@pytest.mark.django_db
def test_order_instrument_and_results_pages_name_parameters_in_the_readers_language(order_at, users, login):
    order = order_at("RESULTS_ENTERED")
    balance = order.instruments.filter(instrument_type__name="Neraca analitik").first()
    thermometer = order.instruments.filter(laboratory__code="temperature-pressure").first()
    client = login(users["penyelia"])
    for url in (f"/orders/{order.pk}/", f"/orders/instrument/{balance.pk}/", f"/results/instrument/{balance.pk}/"):
        english = _page(client, url, "en")
        assert "Repeatability" in english and "Eccentricity" in english, url
        assert "Repeatabilitas" not in english, url
        assert "Eksentrisitas:" not in english and "Eksentrisitas;" not in english, url
        indonesian = _page(client, url, "id")
        assert "Repeatabilitas" in indonesian and "Repeatability" not in indonesian, url
    cs = login(users["cs"])
    assert "Temperature:" in _page(cs, f"/orders/{order.pk}/", "en")
    assert thermometer.parameters.get().display_name == "Suhu"


@pytest.mark.django_db
def test_a_type_without_english_names_shows_its_own(users):
    itype = InstrumentType.objects.first()
    itype.parameters, itype.parameters_en = "Linearitas, Histeresis", ""
    with translation.override("en"):
        assert itype.parameter_label("Histeresis") == "Histeresis"
    itype.parameters_en = "Linearity"  # fewer English names than parameters: the rest stay as written
    with translation.override("en"):
        assert itype.parameter_label("Linearitas") == "Linearity"
        assert itype.parameter_label("Histeresis") == "Histeresis"
