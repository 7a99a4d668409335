"""A backup restored into an emptied installation brings back every row and every file, and the
signed report downloads byte-identical; a tampered archive, or one made on the other database engine,
is refused before anything is touched. The database part is the engine's own dump (SQLite's backup API;
pg_dump/pg_restore, tested in test_backup_postgres.py)."""
import hashlib
import io
import json
import shutil
import tarfile

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from certificates.models import Report, ReportStatus
from operations import dbdump
from operations.portable import skipped_labels
from orders.models import Order

pytestmark = pytest.mark.slow


def row_counts() -> dict[str, int]:
    skipped = set(skipped_labels())
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in skipped or model._meta.app_label in skipped:
            continue
        counts[label] = model._default_manager.count()
    return counts


def archive_manifest(archive) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def need_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("restores into the test database itself; on PostgreSQL see test_backup_postgres.py")


def file_hashes(*roots) -> dict[str, str]:
    return {f"{root.name}/{path.relative_to(root)}": hashlib.sha256(path.read_bytes()).hexdigest()
            for root in roots for path in sorted(root.rglob("*")) if path.is_file()}


def wipe(*roots):
    for root in roots:
        shutil.rmtree(root)
        root.mkdir()


@pytest.fixture
def own_dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.SIGNING_KEY_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT.mkdir()
    settings.SIGNING_KEY_DIR.mkdir()
    return settings.MEDIA_ROOT, settings.SIGNING_KEY_DIR


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_installation_brings_everything_back(users, order_at, login, own_dirs,
                                                                             tmp_path):
    from certificates.demo import ensure_demo_keys

    need_sqlite()
    ensure_demo_keys()
    orders = [order_at(None), order_at("AWAITING_PAYMENT"), order_at("PAID"), order_at("SIGNED")]
    report = Report.objects.filter(order=orders[-1], status=ReportStatus.SIGNED).first()
    url = reverse("certificates:download", args=[report.pk])
    before_pdf = b"".join(login(users["cs"]).get(url))
    assert before_pdf.startswith(b"%PDF")
    counts, files = row_counts(), file_hashes(*own_dirs)
    assert counts["orders.order"] == 4 and any(name.startswith("keys/") for name in files)

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    manifest = archive_manifest(archive)
    assert manifest["database_vendor"] == "sqlite" and manifest["database_member"] == "database.sqlite3"
    in_archive = {name.replace("media/", "files/", 1): digest for name, digest in manifest["members"].items()
                  if name != "database.sqlite3"}
    assert in_archive == files  # MEDIA_ROOT is tmp_path/"files" here, archived under media/

    call_command("flush", interactive=False, verbosity=0)
    wipe(*own_dirs)
    assert Order.objects.count() == 0 and not file_hashes(*own_dirs)

    call_command("restore", str(archive), verbosity=0)
    assert row_counts() == counts
    assert file_hashes(*own_dirs) == files
    restored = Order.objects.get(pk=orders[-1].pk)
    assert restored.number == orders[-1].number and restored.state == orders[-1].state
    assert b"".join(login(users["cs"]).get(url)) == before_pdf


def _tampered_copy(archive, target, member):
    with tarfile.open(archive, "r:gz") as src, tarfile.open(target, "w:gz") as dst:
        for info in src:
            data = src.extractfile(info).read()
            if info.name == member:
                data = data.replace(b"Mettler", b"Nettler") if b"Mettler" in data else data + b" "
                info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


@pytest.mark.django_db(transaction=True)
def test_a_tampered_archive_is_refused_with_a_clear_message_and_nothing_is_loaded(users, order_at, own_dirs,
                                                                                 tmp_path):
    order_at("SUBMITTED")
    archive, tampered = tmp_path / "ok.tar.gz", tmp_path / "tampered.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    member = dbdump.MEMBER[connection.vendor]
    _tampered_copy(archive, tampered, member)
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(CommandError, match=member.replace(".", r"\.")):
        call_command("restore", str(tampered), verbosity=0)
    assert Order.objects.count() == 0

    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert manifest["members"][member] == hashlib.sha256(tar.extractfile(member).read()).hexdigest()


@pytest.mark.django_db(transaction=True)
def test_an_archive_of_the_other_database_engine_is_refused_with_a_clear_message(own_dirs, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    member, data = dbdump.MEMBER[other], b"a dump of the other engine"
    manifest = {"format": 2, "created_at": "2026-12-04T00:00:00+00:00", "database_vendor": other,
                "database_format": dbdump.FORMAT_NAME[other], "database_member": member,
                "members": {member: hashlib.sha256(data).hexdigest()}}
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, content in (("manifest.json", json.dumps(manifest).encode()), (member, data)):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    with pytest.raises(CommandError, match=f"dibuat dari basis data {other}.*export_portable"):
        call_command("restore", str(archive), verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_installation_that_already_has_data(users, own_dirs, tmp_path):
    archive = tmp_path / "ok.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    with pytest.raises(CommandError, match="sudah berisi data"):
        call_command("restore", str(archive), verbosity=0)
