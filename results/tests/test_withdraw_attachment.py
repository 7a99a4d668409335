"""A raw data file attached by mistake is withdrawn by the assigned analyst before the results go to the
supervisor: the row and the file are kept and audited, nothing lists or serves it any more. After
submission the file stays."""
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from results import services
from results.models import ResultAttachment
from results.tests.helpers import TWO_POINTS, grid_data
from workflow.engine import TransitionNotAllowed
from workflow.models import AuditEntry


def _attach(user, inst, name="salah.csv"):
    return services.attach_raw_file(user, inst.pk, SimpleUploadedFile(name, b"nominal,r1\n0,0.02\n", "text/csv"))


def _withdraw_url(inst, item_pk):
    return reverse("results:withdraw_attachment", args=[inst.pk, item_pk])


def test_the_analyst_withdraws_a_file_it_is_kept_but_no_longer_listed(thermometer, users, login):
    inst, analyst = thermometer, users["analis2"]
    wrong, right = _attach(analyst, inst), _attach(analyst, inst, "benar.csv")
    client = login(analyst)
    grid = reverse("results:grid", args=[inst.pk])
    assert _withdraw_url(inst, wrong.pk) in client.get(grid).content.decode()

    response = client.post(_withdraw_url(inst, wrong.pk), follow=True)
    page = response.content.decode()
    assert "salah.csv ditarik" in page and "benar.csv" in page
    assert reverse("results:attachment", args=[inst.pk, wrong.pk]) not in page
    wrong.refresh_from_db()
    assert wrong.withdrawn_by == analyst and wrong.withdrawn_at is not None
    assert wrong.file.storage.exists(wrong.file.name)  # the file is kept
    entry = AuditEntry.objects.get(code="results.withdraw_attachment")
    assert entry.instrument == inst and entry.actor == analyst and entry.note == "salah.csv"
    assert list(services.raw_files_of(inst)) == [right]

    supervisor = login(users["penyelia2"])
    assert "salah.csv" not in supervisor.get(grid).content.decode()
    assert supervisor.get(reverse("results:attachment", args=[inst.pk, wrong.pk])).status_code == 404
    assert login(users["mt"]).get(grid).content.decode().count("salah.csv") == 0


def test_post_only_and_a_bad_id_is_404(thermometer, balance, users, login):
    inst, analyst = thermometer, users["analis2"]
    item = _attach(analyst, inst)
    client = login(analyst)
    assert client.get(_withdraw_url(inst, item.pk)).status_code == 405
    assert client.post(_withdraw_url(inst, item.pk + 999)).status_code == 404
    other = _attach(users["analis"], balance, "timbangan.csv")  # another instrument's file
    assert client.post(_withdraw_url(inst, other.pk)).status_code == 404
    client.post(_withdraw_url(inst, item.pk))
    assert client.post(_withdraw_url(inst, item.pk)).status_code == 404  # already withdrawn
    assert not ResultAttachment.objects.get(pk=other.pk).withdrawn_at


def test_only_the_assigned_analyst_withdraws(thermometer, users, login):
    item = _attach(users["analis2"], thermometer)
    for name in ("penyelia2", "mt", "analis"):
        response = login(users[name]).post(_withdraw_url(thermometer, item.pk))
        assert response.status_code in (302, 404)
    item.refresh_from_db()
    assert item.withdrawn_at is None and not AuditEntry.objects.filter(code="results.withdraw_attachment").exists()
    with pytest.raises(TransitionNotAllowed):
        services.withdraw_raw_file(users["penyelia2"], thermometer.pk, item.pk)


def test_after_submission_the_file_stays(thermometer, users, login):
    inst, analyst = thermometer, users["analis2"]
    submitted = _attach(analyst, inst, "terkirim.csv")
    client = login(analyst)
    grid = reverse("results:grid", args=[inst.pk])
    assert client.post(grid, grid_data(inst, TWO_POINTS, submit=True)).status_code == 302
    client.post(_withdraw_url(inst, submitted.pk))
    submitted.refresh_from_db()
    assert submitted.withdrawn_at is None  # submitted: no longer the analyst's step

    services.return_from_verification(users["penyelia2"], inst.pk, "Lengkapi data mentah.")
    late = _attach(analyst, inst, "tambahan.csv")
    page = client.get(grid).content.decode()
    assert _withdraw_url(inst, late.pk) in page and _withdraw_url(inst, submitted.pk) not in page
    with pytest.raises(ValidationError, match="terkirim.csv sudah dikirim ke penyelia"):
        services.withdraw_raw_file(analyst, inst.pk, submitted.pk)
    response = client.post(_withdraw_url(inst, submitted.pk), follow=True)
    assert "sudah dikirim ke penyelia" in response.content.decode()
    client.post(_withdraw_url(inst, late.pk))
    assert [a.original_name for a in services.raw_files_of(inst)] == ["terkirim.csv"]
