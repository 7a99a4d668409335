"""The live price the order form shows is what the saved order costs, to the rupiah: per point/channel and
per instrument tariffs, a percentage reduction (rounded down per instrument) and a zero tariff. Saving ten
similar instruments reads the catalogue no more often than saving one."""
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.models import InstrumentType, Regulation, Tariff, TariffReduction
from orders.models import Order
from orders.services import InstrumentLine, save_draft
from workflow.states import OrderState


def form_data(*lines) -> dict:
    """The order form as posted: one formset line per (type, serial numbers, points/channels)."""
    data = {"line-TOTAL_FORMS": str(len(lines)), "line-INITIAL_FORMS": "0", "line-MIN_NUM_FORMS": "1",
            "line-MAX_NUM_FORMS": "200", "notes": ""}
    for n, (itype, serials, units) in enumerate(lines):
        data.update({f"line-{n}-instrument_type": str(itype.pk), f"line-{n}-brand": "Fluke",
                     f"line-{n}-model": "X1", f"line-{n}-serial_numbers": serials,
                     f"line-{n}-capacity": "0-100", f"line-{n}-resolution": "", f"line-{n}-points": "",
                     f"line-{n}-units": str(units), f"line-{n}-tolerance": ""})
    return data


def rupiah(amount: int) -> str:
    return f"Rp {amount:,}".replace(",", ".")


def point_type():
    """A type priced per channel at Rp 200.000 (the demo catalogue, PP 54/2021 only, has no per-channel line)."""
    thermocouple = InstrumentType.objects.get(name="Termokopel", range_label="<= 300 °C")
    recorder, created = InstrumentType.objects.get_or_create(
        name="Perekam suhu multikanal", defaults={"field": thermocouple.field, "laboratory": thermocouple.laboratory,
                                                  "parameters": "Suhu"})
    if created:
        Tariff.objects.create(instrument_type=recorder, code="KAL-778", unit="POINT", amount=200000,
                              regulation=Regulation.objects.get(number="PP 54/2021"), valid_from=date(2025, 1, 1))
    return recorder


def balance_type():
    return InstrumentType.objects.get(name="Neraca analitik")  # Rp 300.000 per instrument


def odd_priced_pipette():
    """A volumetric pipette at a new price of Rp 123.459: a 33 % reduction leaves 53 hundredths of a rupiah
    per instrument, so rounding per instrument and rounding the line's sum differ by one rupiah."""
    pipette = InstrumentType.objects.get(name="Pipet volumetrik")
    today = timezone.localdate()
    pipette.tariffs.update(valid_until=today - timedelta(days=1))
    Tariff.objects.create(instrument_type=pipette, code="KAL-777", amount=123459, valid_from=today,
                          regulation=Regulation.objects.get(number="PP 54/2021"))
    return pipette


def reduce(users, customer, percent, itype=None):
    return TariffReduction.objects.create(
        company=users[customer].company, instrument_type=itype, percent=percent,
        legal_basis="Permenperin 19/2021 pasal 3", reason="Usaha mikro binaan", valid_from=date(2025, 1, 1),
        created_by=users["admin"])


def preview_then_submit(client, data):
    """(the preview's total, its page, the order saved and submitted from the same form)."""
    preview = client.post(reverse("orders:price_preview"), data)
    assert preview.status_code == 200
    before = set(Order.objects.values_list("pk", flat=True))
    response = client.post(reverse("orders:create"), {**data, "submit": "1"})
    assert response.status_code == 302
    order = Order.objects.exclude(pk__in=before).get()
    assert response.url == reverse("orders:detail", args=[order.pk])
    return preview.context["price"]["total"], preview.content.decode(), order


@pytest.mark.django_db
def test_a_per_channel_tariff_is_shown_and_charged_per_channel(users, login):
    data = form_data((point_type(), "D-1, D-2", 3))
    shown, page, order = preview_then_submit(login(users["pelanggan"]), data)
    assert shown == order.total_amount == 2 * 3 * 200000
    assert order.state == OrderState.SUBMITTED
    assert {(i.units, i.unit_price, i.amount) for i in order.instruments.all()} == {(3, 200000, 600000)}
    assert rupiah(1200000) in page and "keringanan" not in page


@pytest.mark.django_db
def test_a_per_instrument_tariff_ignores_the_channels_typed(users, login):
    data = form_data((balance_type(), "B-1, B-2, B-3", 7))
    shown, page, order = preview_then_submit(login(users["pelanggan"]), data)
    assert shown == order.total_amount == 3 * 300000
    assert {(i.units, i.amount) for i in order.instruments.all()} == {(1, 300000)}
    assert rupiah(900000) in page


@pytest.mark.django_db
def test_a_percentage_reduction_is_rounded_down_per_instrument_in_the_preview_as_in_the_order(users, login):
    pipette = odd_priced_pipette()
    reduce(users, "pelanggan", 33)  # every instrument type
    data = form_data((pipette, "P-1, P-2, P-3", 1), (point_type(), "D-9", 2))
    shown, page, order = preview_then_submit(login(users["pelanggan"]), data)
    each_pipette = 123459 * 67 // 100  # 82717, not 82717.53
    each_channelled = 400000 * 67 // 100
    assert shown == order.total_amount == 3 * each_pipette + each_channelled == 516151
    assert sorted(i.amount for i in order.instruments.all()) == [each_pipette] * 3 + [each_channelled]
    assert {i.reduction_percent for i in order.instruments.all()} == {33}
    assert page.count("keringanan 33% (Permenperin 19/2021 pasal 3)") == 2
    assert rupiah(each_pipette) in page and rupiah(516151) in page


@pytest.mark.django_db
def test_a_zero_tariff_shows_and_costs_nothing_for_its_type_only(users, login):
    balance = balance_type()
    reduce(users, "pelanggan", 100, itype=balance)
    data = form_data((balance, "B-1, B-2", 1), (point_type(), "D-1", 2))
    shown, page, order = preview_then_submit(login(users["pelanggan"]), data)
    assert shown == order.total_amount == 400000
    assert {(i.instrument_type_id, i.amount, i.reduction_percent) for i in order.instruments.all()} == {
        (balance.pk, 0, 100), (point_type().pk, 400000, 0)}
    assert page.count("keringanan 100% (Permenperin 19/2021 pasal 3)") == 1

    # another company is granted nothing: both the preview and its order charge the full tariff
    shown, page, other = preview_then_submit(login(users["pelanggan2"]), data)
    assert shown == other.total_amount == 2 * 300000 + 400000
    assert "keringanan" not in page


@pytest.mark.django_db
def test_saving_ten_similar_instruments_reads_the_catalogue_as_often_as_saving_one(users):
    customer = users["pelanggan"]
    reduce(users, "pelanggan", 40)
    balance = balance_type()

    def queries(count: int) -> list[str]:
        lines = [InstrumentLine(balance.pk, "Mettler", f"S{count}-{n}", "220 g") for n in range(count)]
        with CaptureQueriesContext(connection) as ctx:
            order = save_draft(customer, lines)
        assert order.total_amount == count * 180000
        return [q["sql"] for q in ctx.captured_queries]

    queries(1)  # the first save of a session warms per-process caches (the customer's roles)
    one, ten = queries(1), queries(10)
    assert len(ten) == len(one)
    catalogue = [sql for sql in ten if sql.startswith("SELECT") and 'FROM "catalog_' in sql]
    assert len(catalogue) == 3  # the type, its tariff, the company's reduction: once each
