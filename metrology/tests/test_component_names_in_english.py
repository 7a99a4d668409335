"""English pages name the uncertainty budget's sources in English; Indonesian pages keep the method's
own (Indonesian) names. The names travel with each stored point budget."""
import pytest
from django.conf import settings

from metrology.models import BudgetComponent
from workflow.tests.test_no_raw_codes import visible_text


@pytest.mark.django_db
def test_every_seeded_uncertainty_source_has_an_english_name(users):
    assert BudgetComponent.objects.exists()
    assert not list(BudgetComponent.objects.filter(name_en="").values_list("name", flat=True))


@pytest.mark.django_db
def test_the_results_page_names_budget_sources_in_the_readers_language(order_at, users, login):
    order = order_at("RESULTS_ENTERED")
    balance = order.instruments.filter(instrument_type__name="Neraca analitik").first()
    client = login(users["penyelia"])
    pages = {}
    for language in ("id", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(f"/results/instrument/{balance.pk}/")
        assert response.status_code == 200
        pages[language] = visible_text(response.content.decode())
    assert "Keterulangan penunjukan (uji keterulangan)" in pages["id"]
    assert "Repeatability of indication (repeatability test)" in pages["en"]
    assert "Keterulangan penunjukan" not in pages["en"] and "Eksentrisitas pembebanan" not in pages["en"]
