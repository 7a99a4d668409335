"""The app was called `reports`. A database created before the rename must migrate to the new name keeping
its exports, the permissions granted on them and the export tasks still waiting in the queue; a new
database gets the table under its kept name. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""
import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from management.models import Export
from management.tasks import run_export


def _tables():
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


@pytest.mark.django_db
def test_a_new_database_has_the_export_table_under_its_kept_name_and_no_old_content_type():
    assert Export._meta.db_table == "reports_export" and "reports_export" in _tables()
    assert ContentType.objects.get_for_model(Export).app_label == "management"
    assert not ContentType.objects.filter(app_label="reports").exists()
    applied = set(MigrationRecorder.Migration.objects.values_list("app", "name"))
    assert {("management", "0001_initial"), ("management", "0002_from_reports_app")} <= applied


def _as_before_the_rename():
    """Make the test database look like one migrated before the rename: the migrations recorded under
    `reports`, the content type under `reports`, a waiting task pointing at `reports.tasks`."""
    MigrationRecorder.Migration.objects.filter(app="management").delete()
    MigrationRecorder.Migration.objects.create(app="reports", name="0001_initial", applied=timezone.now())
    ContentType.objects.filter(app_label="management").update(app_label="reports")
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True)
def test_an_installation_from_before_the_rename_keeps_its_exports_permissions_and_waiting_tasks():
    owner = User.objects.create_user("kepala_lama", password="x")
    export = Export.objects.create(owner=owner, kind="order_register", format="xlsx", params={"start": "2026-01-01"})
    content_type = ContentType.objects.get_for_model(Export)
    group = Group.objects.create(name="pengekspor")
    group.permissions.add(Permission.objects.get(content_type=content_type, codename="view_export"))
    owner.groups.add(group)
    waiting = DBTaskResult.objects.create(
        task_path="reports.tasks.run_export", args_kwargs={"args": [export.pk], "kwargs": {}},
        backend_name="default", run_after=timezone.now())
    _as_before_the_rename()
    assert ContentType.objects.get(pk=content_type.pk).app_label == "reports"

    call_command("migrate", "management", verbosity=0)
    ContentType.objects.clear_cache()

    assert list(Export.objects.values_list("pk", "kind", "owner")) == [(export.pk, "order_register", owner.pk)]
    moved = ContentType.objects.get(pk=content_type.pk)  # the same row, so what points at it still does
    assert (moved.app_label, moved.model) == ("management", "export")
    assert not ContentType.objects.filter(app_label="reports").exists()
    assert User.objects.get(pk=owner.pk).has_perm("management.view_export")
    waiting.refresh_from_db()
    assert waiting.task_path == "management.tasks.run_export"
    assert import_string(waiting.task_path) is run_export  # the worker finds the function again
    applied = set(MigrationRecorder.Migration.objects.values_list("app", "name"))
    assert {("management", "0001_initial"), ("management", "0002_from_reports_app")} <= applied
    call_command("migrate", "management", verbosity=0)  # a second run finds nothing to do
    assert Export.objects.count() == 1
