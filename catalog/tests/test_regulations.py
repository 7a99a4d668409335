"""Tariffs by their legal basis: regulations are rows, every tariff names one, the import resolves it, the
approval page flags a line whose regulation was not in force on the order's date, and the demo catalogue
prices everything under PP 54/2021."""
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from catalog import tariff_import
from catalog.models import InstrumentType, Regulation, Tariff
from catalog.tests.test_tariffs import balance_row, sheet
from demo.road import demo_lines


@pytest.mark.django_db
def test_every_tariff_names_a_regulation_row_and_a_regulation_in_use_cannot_be_deleted(users):
    pp54, pp47 = Regulation.objects.get(number="PP 54/2021"), Regulation.objects.get(number="PP 47/2011")
    assert pp47.superseded_by == pp54 and pp54.superseded_by is None
    assert "Kementerian Perindustrian" in pp54.title
    assert pp47.in_force_until < pp54.in_force_from and pp54.in_force_until is None
    assert pp54.in_force_on(timezone.localdate()) and not pp47.in_force_on(timezone.localdate())
    assert Tariff.objects.count() > 0 and not Tariff.objects.filter(regulation__isnull=True).exists()
    with pytest.raises(ProtectedError):
        pp54.delete()


@pytest.mark.django_db
def test_the_demo_catalogue_is_priced_under_pp_54_2021_in_force_today(users, order_at):
    today = timezone.localdate()
    assert set(Tariff.objects.values_list("regulation__number", flat=True)) == {"PP 54/2021"}
    for itype in InstrumentType.objects.filter(active=True):
        tariff = itype.current_tariff(today)
        assert tariff is not None, itype
        assert tariff.regulation.number == "PP 54/2021" and tariff.regulation.in_force_on(today), itype
    # The demo order (a balance and the temperature lab's thermocouple) is priced under it too.
    order = order_at("SUBMITTED")
    assert {i.tariff.regulation.number for i in order.instruments.select_related("tariff__regulation")} == {
        "PP 54/2021"}
    assert {i.instrument_type.laboratory.code for i in order.instruments.all()} == {"mass-volume",
                                                                                       "temperature-pressure"}


@pytest.mark.django_db
def test_the_import_resolves_the_regulation_and_refuses_one_unknown_or_not_in_force(users):
    start = timezone.localdate() + timedelta(days=5)
    preview = tariff_import.preview_upload(sheet(balance_row(330000, start=start)))
    assert preview.errors == []
    tariff_import.apply_rows(users["admin"], preview.as_session())
    tariff = InstrumentType.objects.get(name="Neraca analitik").current_tariff(start)
    assert tariff.amount == 330000 and tariff.regulation == Regulation.objects.get(number="PP 54/2021")

    old = balance_row(340000, start=start + timedelta(days=1))
    old[8] = "PP No. 47 Tahun 2011"
    unknown = ["KAL-950", "Volume", "mass-volume", "Labu ukur", "< 1000 mL", "", "per alat", 160000, "PP 99/2030",
               start]
    preview = tariff_import.preview_upload(sheet(old, unknown))
    assert preview.rows == []
    assert preview.errors == [
        f"Baris 2, kolom “Dasar Hukum”: PP 47/2011 tidak berlaku pada {(start + timedelta(days=1)).isoformat()}.",
        "Baris 3, kolom “Dasar Hukum”: peraturan “PP 99/2030” belum terdaftar; tambahkan dahulu di menu "
        "Peraturan tarif.",
    ]


@pytest.mark.django_db
def test_the_approval_page_flags_a_line_whose_regulation_was_not_in_force_on_the_order_date(users, order_at, login):
    order = order_at("VALIDATED", lines=demo_lines(count_mass=1, count_temp=1))
    balance, thermo = order.instruments.order_by("position")
    Tariff.objects.filter(pk=thermo.tariff_id).update(regulation=Regulation.objects.get(number="PP 47/2011"))

    page = login(users["ketua_pji"]).get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert page.count('class="msg msg-warning regulation-lapsed"') == 1
    row = page.split(f"SN {thermo.serial_number}", 1)[1].split("</tr>", 1)[0]  # its line in the approval table
    assert "PP 47/2011 tidak berlaku pada tanggal pesanan" in row and "digantikan oleh PP 54/2021" in row
    assert thermo.tariff.code in row
    # The balance's line names its tariff and PP 54/2021, without a warning.
    assert f"{balance.tariff.code} · dasar hukum" in page and "PP 54/2021" in page


@pytest.mark.django_db
def test_the_order_date_decides_not_the_approval_date(users, order_at, login):
    """A PP 47/2011 line on an order placed while PP 47/2011 was in force is not flagged."""
    order = order_at("VALIDATED", lines=demo_lines(count_mass=1, count_temp=0))
    pp47 = Regulation.objects.get(number="PP 47/2011")
    Tariff.objects.filter(pk=order.instruments.get().tariff_id).update(regulation=pp47)
    type(order).objects.filter(pk=order.pk).update(created_at=timezone.make_aware(
        timezone.datetime.combine(pp47.in_force_until - timedelta(days=3), timezone.datetime.min.time())))
    page = login(users["ketua_pji"]).get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert "PP 47/2011" in page and "regulation-lapsed" not in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_free_text_legal_bases_into_regulation_rows():
    executor = MigrationExecutor(connection)
    executor.migrate([("catalog", "0003_english_names")])
    old = executor.loader.project_state([("catalog", "0003_english_names")]).apps
    field = old.get_model("catalog", "Field").objects.create(code="suhu-x", name="Suhu")
    lab = old.get_model("catalog", "Laboratory").objects.create(code="lab-x", name="Lab")
    itype = old.get_model("catalog", "InstrumentType").objects.create(field=field, laboratory=lab, name="Alat",
                                                                      parameters="Suhu")
    tariffs = old.get_model("catalog", "Tariff").objects
    for code, basis, start in (("A", "PP 47/2011 (older list)", date(2015, 1, 1)), ("B", "PP 54/2021", date(2022, 1, 1)),
                               ("C", "PP  No. 54 Tahun 2021", date(2023, 1, 1)),
                               ("D", "Keputusan Kepala Balai 7/2019", date(2019, 5, 2))):
        tariffs.create(instrument_type=itype, code=code, amount=1000, legal_basis=basis, valid_from=start)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    Reg, NewTariff = new.get_model("catalog", "Regulation"), new.get_model("catalog", "Tariff")
    by_code = {t.code: t.regulation.number for t in NewTariff.objects.filter(code__in="ABCD")}
    assert by_code == {"A": "PP 47/2011", "B": "PP 54/2021", "C": "PP 54/2021", "D": "Keputusan Kepala Balai 7/2019"}
    pp47, other = Reg.objects.get(number="PP 47/2011"), Reg.objects.get(number="Keputusan Kepala Balai 7/2019")
    assert pp47.superseded_by.number == "PP 54/2021" and pp47.in_force_until is not None
    assert other.in_force_from == date(2019, 5, 2) and other.in_force_until is None


@pytest.mark.django_db
def test_the_customer_sees_the_tariff_code_and_regulation_of_each_line(users, order_at, login):
    order = order_at("PRICED")
    page = login(users["pelanggan"]).get(reverse("orders:detail", args=[order.pk])).content.decode()
    for inst in order.instruments.select_related("tariff__regulation"):
        assert f"{inst.tariff.code} · {inst.tariff.regulation.number}" in page
