"""Tariffs: a price change never alters a past order; reductions are frozen on the line; the Excel
import refuses a bad row with a message naming row and column, and writes nothing."""
import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from catalog import tariff_import
from catalog.models import InstrumentType, Regulation, Tariff, TariffReduction
from demo.road import demo_lines
from orders.services import save_draft

HEADER = ["Kode", "Bidang", "Laboratorium", "Jenis Alat", "Rentang", "Parameter", "Satuan", "Tarif",
          "Dasar Hukum", "Berlaku Mulai"]


def sheet(*rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("tarif.xlsx", out.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def balance_row(amount=350000, start=None, code="KAL-900"):
    return [code, "Massa", "mass-volume", "Neraca analitik", "", "", "per alat", amount, "PP 54/2021",
            start or timezone.localdate()]


@pytest.mark.django_db
def test_a_tariff_change_after_an_order_does_not_change_that_orders_price(users, order_at, login):
    order = order_at("PRICED")
    total_before = order.total_amount
    balance = InstrumentType.objects.get(name="Neraca analitik")
    old = balance.current_tariff()
    assert old.amount == 300000

    client = login(users["admin"])
    response = client.post("/catalog/tariffs/import/", {"sheet": sheet(balance_row(450000))})
    assert response.status_code == 200
    assert "KAL-900" in response.content.decode()
    response = client.post("/catalog/tariffs/import/confirm/", follow=True)
    assert "1 tarif baru disimpan" in response.content.decode()

    old.refresh_from_db()
    assert old.valid_until == timezone.localdate() - timedelta(days=1)  # the old period is closed, not edited
    assert old.amount == 300000
    assert balance.current_tariff().amount == 450000
    order.refresh_from_db()
    assert order.total_amount == total_before
    assert {i.unit_price for i in order.instruments.filter(instrument_type=balance)} == {300000}
    new_order = save_draft(users["pelanggan"], demo_lines(count_mass=1, count_temp=0))
    assert new_order.total_amount == 450000


@pytest.mark.django_db
def test_a_reduction_is_applied_at_order_time_and_frozen_on_the_line(users):
    customer = users["pelanggan"]
    balance = InstrumentType.objects.get(name="Neraca analitik")
    reduction = TariffReduction.objects.create(
        company=customer.company, instrument_type=balance, percent=100, legal_basis="Permenperin 19/2021",
        reason="Usaha mikro binaan", valid_from=date(2025, 1, 1), created_by=users["admin"])
    order = save_draft(customer, demo_lines(count_mass=1, count_temp=1))
    line = order.instruments.get(instrument_type=balance)
    assert (line.amount, line.list_amount, line.reduction_percent) == (0, 300000, 100)
    assert line.reduction_basis == "Permenperin 19/2021" and line.reduction_reason == "Usaha mikro binaan"
    thermometer = order.instruments.exclude(instrument_type=balance).get()
    assert thermometer.amount == thermometer.list_amount > 0  # the reduction covers balances only

    reduction.valid_until = date(2025, 1, 1)  # ended later: the order keeps its price
    reduction.save()
    line.refresh_from_db()
    assert line.amount == 0
    other = save_draft(users["pelanggan2"], demo_lines(count_mass=1, count_temp=0))
    assert other.total_amount == 300000  # another company pays the full tariff


@pytest.mark.django_db
def test_the_import_refuses_a_bad_row_naming_row_and_column_and_writes_nothing(users, login):
    before = list(Tariff.objects.values_list("pk", "amount", "valid_until"))
    client = login(users["admin"])
    upload = sheet(balance_row(450000), ["KAL-901", "Massa", "mass-volume", "Anak timbangan kelas F", "<= 200 g",
                                         "", "per alat", "seratus ribu", "PP 54/2021", timezone.localdate()])
    response = client.post("/catalog/tariffs/import/", {"sheet": upload})
    page = response.content.decode()
    assert "Baris 3, kolom “Tarif”" in page and "seratus ribu" in page
    assert "Berkas tidak dapat diimpor" in page
    response = client.post("/catalog/tariffs/import/confirm/", follow=True)  # nothing waits to be confirmed
    assert "Tidak ada pratinjau impor" in response.content.decode()
    assert list(Tariff.objects.values_list("pk", "amount", "valid_until")) == before


@pytest.mark.django_db
def test_the_import_rechecks_at_confirmation_and_writes_nothing_when_one_row_has_become_invalid(users):
    today = timezone.localdate()
    preview = tariff_import.preview_upload(sheet(
        balance_row(450000, start=today + timedelta(days=10)),
        ["KAL-902", "Volume", "mass-volume", "Labu ukur", "< 1000 mL", "", "per alat", 160000, "PP 54/2021",
         today + timedelta(days=10)]))
    assert preview.errors == [] and len(preview.rows) == 2
    flask = InstrumentType.objects.get(name="Labu ukur", range_label="< 1000 mL")
    Tariff.objects.create(instrument_type=flask, code="KAL-X", amount=155000, valid_from=today + timedelta(days=20),
                          regulation=Regulation.objects.get(number="PP 54/2021"))
    count = Tariff.objects.count()
    with pytest.raises(ValidationError) as exc:
        tariff_import.apply_rows(users["admin"], preview.as_session())
    assert "Baris 3, kolom “Berlaku Mulai”" in str(exc.value)
    assert Tariff.objects.count() == count
    assert InstrumentType.objects.get(name="Neraca analitik").tariffs.get().valid_until is None


@pytest.mark.django_db
def test_the_import_names_a_missing_column_and_refuses_a_file_that_is_not_excel(users):
    with pytest.raises(ValidationError) as exc:
        tariff_import.preview_upload(sheet(balance_row(), header=HEADER[:7]))
    assert "tarif" in str(exc.value) and "Baris 1" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        tariff_import.preview_upload(SimpleUploadedFile("tarif.xlsx", b"kode,tarif\nA,1\n"))
    assert "bukan lembar kerja Excel" in str(exc.value)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"0" * (60 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        tariff_import.preview_upload(SimpleUploadedFile("tarif.xlsx", bomb.getvalue()))
    assert "terlalu besar" in str(exc.value)


@pytest.mark.django_db
def test_the_import_creates_a_new_instrument_type_and_only_the_admin_satker_may_use_it(users, login):
    assert login(users["cs"]).get("/catalog/tariffs/import/").status_code == 404
    assert login(users["pelanggan"]).post("/catalog/tariffs/import/confirm/").status_code == 404
    client = login(users["admin"])
    row = ["KAL-950", "Tekanan", "temperature-pressure", "Barometer digital", "800-1100 hPa", "Tekanan",
           "per titik/kanal", "250.000", "PP 54/2021", "2026-01-01"]
    client.post("/catalog/tariffs/import/", {"sheet": sheet(row)})
    client.post("/catalog/tariffs/import/confirm/")
    itype = InstrumentType.objects.get(name="Barometer digital")
    tariff = itype.tariffs.get()
    assert (tariff.amount, tariff.unit, tariff.valid_from) == (250000, "POINT", date(2026, 1, 1))
    assert client.get("/catalog/tariffs/import/template.xlsx").content[:2] == b"PK"


@pytest.mark.django_db
def test_the_admin_satker_screens_open_and_an_existing_price_cannot_be_edited(users, login):
    client = login(users["admin"])
    assert "Impor tarif PNBP dari Excel" in client.get("/catalog/tariffs/import/").content.decode()
    page = client.get("/admin/catalog/tariff/?in_force=yes").content.decode()
    assert "/catalog/tariffs/import/" in page and "KAL-001" in page
    assert client.get("/admin/catalog/tariffreduction/add/").status_code == 200
    tariff = Tariff.objects.get(code="KAL-001")
    client.post(f"/admin/catalog/tariff/{tariff.pk}/change/", {"amount": "1", "valid_until": "2030-12-31"})
    tariff.refresh_from_db()
    assert tariff.amount == 1250000 and tariff.valid_until == date(2030, 12, 31)
