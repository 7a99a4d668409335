"""The new-order form reads the unit's instrument types with today's tariffs in one query, whatever the
number of types (their labels name the tariff), and with a few lines as with one."""
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import InstrumentType, Tariff


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.django_db
def test_the_order_form_costs_the_same_queries_for_more_instrument_types(users, login):
    client = login(users["pelanggan"])
    few, _ = _queries(client, "/orders/new/")
    model = InstrumentType.objects.select_related("field", "laboratory").first()
    tariff = model.current_tariff()
    for n in range(6):
        itype = InstrumentType.objects.create(field=model.field, laboratory=model.laboratory, name=f"Alat uji {n}",
                                              parameters=model.parameters)
        Tariff.objects.create(instrument_type=itype, code=f"UJI-{n}", unit=tariff.unit, amount=123_000 + n,
                              regulation=tariff.regulation, valid_from=date.today() - timedelta(days=1))
        Tariff.objects.create(instrument_type=itype, code=f"UJI-OLD-{n}", unit=tariff.unit, amount=99_000,
                              regulation=tariff.regulation, valid_from=date(2020, 1, 1),
                              valid_until=date.today() - timedelta(days=2))
    many, html = _queries(client, "/orders/new/")
    assert many == few
    assert "Alat uji 5 — Rp 123.005" in html and "Rp 99.000" not in html  # today's tariff, not the old one
