"""Raw data files attached to the results: checked by content, served only through the results page."""
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from results.models import ResultAttachment


def _xlsx() -> bytes:
    book = Workbook()
    book.active.append(["nominal", "r1", "r2", "r3"])
    book.active.append([100, 100.0002, 100.0003, 100.0002])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_analyst_attaches_raw_files_the_supervisor_downloads_them(thermometer, users, login):
    inst = thermometer
    attach = reverse("results:attach", args=[inst.pk])
    client = login(users["analis2"])
    client.post(attach, {"file": SimpleUploadedFile("bacaan.csv", b"nominal;r1;r2\n0;0,02;0,03\n", "text/csv")})
    client.post(attach, {"file": SimpleUploadedFile("bacaan.xlsx", _xlsx(), "application/octet-stream")})
    response = client.post(attach, {"file": SimpleUploadedFile("alat.exe", b"MZ\x90\x00", "application/x-msdownload")},
                           follow=True)
    assert "tidak diterima" in response.content.decode()
    response = client.post(attach, {"file": SimpleUploadedFile("palsu.xlsx", b"not a workbook", "text/plain")},
                           follow=True)
    assert "tidak sesuai" in response.content.decode()
    names = list(ResultAttachment.objects.filter(instrument=inst).values_list("original_name", flat=True))
    assert names == ["bacaan.csv", "bacaan.xlsx"]

    item = ResultAttachment.objects.get(original_name="bacaan.csv")
    url = reverse("results:attachment", args=[inst.pk, item.pk])
    download = login(users["penyelia2"]).get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"nominal")
    assert login(users["pelanggan"]).get(url).status_code == 404
    assert login(users["penyelia"]).get(url).status_code == 404  # another laboratory's supervisor


def test_only_the_assigned_analyst_attaches(thermometer, users, login):
    response = login(users["penyelia2"]).post(reverse("results:attach", args=[thermometer.pk]), {
        "file": SimpleUploadedFile("bacaan.csv", b"a,b\n1,2\n", "text/csv")})
    assert response.status_code == 302 and not ResultAttachment.objects.exists()
