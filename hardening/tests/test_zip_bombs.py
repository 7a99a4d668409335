"""Zip bombs: an .xlsx of a few hundred kilobytes whose sharedStrings.xml unpacks to hundreds of
megabytes used to be accepted as raw data (openpyxl unpacked it: tens of seconds, a gigabyte of
memory). Every zip-based upload is now measured from the zip's central directory, before any member
is inflated, and refused beyond the limits in settings, with a message saying why; nothing is stored."""
import io
import time
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from catalog.models import Tariff
from hardening.tests.test_hostile_input import files_under_media
from results.models import ResultAttachment

MB = 1024 * 1024


def workbook() -> bytes:
    book = Workbook()
    book.active.append(["Kode", "Bidang", "Laboratorium", "Jenis Alat", "Satuan", "Tarif"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bomb(unpacked: int) -> bytes:
    """A real workbook whose shared-string table is `unpacked` bytes of one repeated string, written a
    megabyte at a time so that the test itself never holds it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            chunk = b"<si><t>A</t></si>" * (MB // 17)
            for _ in range(unpacked // len(chunk)):
                member.write(chunk)
    return out.getvalue()


@pytest.fixture(scope="module")
def big_bomb():
    return bomb(2 * settings.UPLOAD_ZIP_MAX_UNCOMPRESSED)  # twice the limit in total


@pytest.fixture(scope="module")
def dense_bomb():
    return bomb(settings.UPLOAD_ZIP_MAX_UNCOMPRESSED // 5)  # within the total, but a thousand to one


def test_the_bombs_are_small_and_the_limits_are_stated_in_settings(big_bomb, dense_bomb):
    assert settings.UPLOAD_ZIP_MAX_UNCOMPRESSED == 50 * MB and settings.UPLOAD_ZIP_MAX_RATIO == 100
    assert len(big_bomb) < settings.UPLOAD_MAX_BYTES and len(dense_bomb) < 100_000


def attach(client, instrument, name, content):
    return client.post(reverse("results:attach", args=[instrument.pk]),
                       {"file": SimpleUploadedFile(name, content, "application/octet-stream")}, follow=True)


@pytest.fixture
def thermometer(order_at):
    from demo.road import demo_lines

    return order_at("IN_CALIBRATION", lines=demo_lines(count_mass=0, count_temp=1)).instruments.get()


@pytest.mark.parametrize("which, expected", [("big_bomb", "terlalu besar setelah dibuka"),
                                             ("dense_bomb", "dimampatkan secara tidak wajar")])
def test_a_zip_bomb_as_raw_data_is_refused_quickly_and_nothing_is_stored(thermometer, users, login, request,
                                                                          which, expected):
    content = request.getfixturevalue(which)
    client = login(users["analis2"])
    before = files_under_media()

    started = time.monotonic()
    page = attach(client, thermometer, "bacaan.xlsx", content).content.decode()

    assert time.monotonic() - started < 5
    assert expected in page
    assert not ResultAttachment.objects.filter(instrument=thermometer).exists()
    assert files_under_media() == before


def test_an_ordinary_workbook_is_still_accepted_as_raw_data(thermometer, users, login):
    attach(login(users["analis2"]), thermometer, "bacaan.xlsx", workbook())
    assert ResultAttachment.objects.filter(instrument=thermometer, original_name="bacaan.xlsx").exists()


@pytest.mark.parametrize("which, expected", [("big_bomb", "terlalu besar setelah dibuka"),
                                             ("dense_bomb", "dimampatkan secara tidak wajar")])
def test_a_zip_bomb_as_a_tariff_import_is_refused_and_nothing_changes(users, login, request, which, expected):
    content = request.getfixturevalue(which)
    tariffs = Tariff.objects.count()

    page = login(users["admin"]).post("/catalog/tariffs/import/", {"sheet": SimpleUploadedFile(
        "tarif.xlsx", content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}).content.decode()

    assert expected in page
    assert Tariff.objects.count() == tariffs
