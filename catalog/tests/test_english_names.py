"""Catalogue names in the page's language: an English page shows the English names recorded for
instrument types, laboratories and fields; Indonesian pages and the certificate keep the Indonesian."""
from django.urls import reverse
from django.utils import translation

from catalog.models import Field, InstrumentType, Laboratory, localized_name


def test_names_follow_the_language_and_fall_back_to_indonesian(db):
    from catalog.seed import seed_catalog

    seed_catalog()
    balance = InstrumentType.objects.filter(name="Timbangan elektronik").first()
    lab = Laboratory.objects.get(code="mass-volume")
    with translation.override("en"):
        assert str(balance).startswith("Electronic balance")
        assert str(lab) == "Mass and Volume Laboratory"
        assert str(Field.objects.get(code="massa")) == "Mass"
        grouped = set(InstrumentType.objects.values_list(localized_name("laboratory__name"), flat=True))
        assert grouped == {"Mass and Volume Laboratory", "Temperature and Pressure Laboratory"}
    with translation.override("id"):
        assert str(balance).startswith("Timbangan elektronik") and str(lab) == "Laboratorium Massa dan Volume"
    balance.name_en = ""
    with translation.override("en"):
        assert str(balance).startswith("Timbangan elektronik")  # no English name recorded: the Indonesian one


def test_the_order_form_in_english_lists_english_instrument_types(users, login):
    client = login(users["pelanggan"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("orders:create"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Electronic balance" in page and "Timbangan elektronik" not in page
