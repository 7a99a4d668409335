"""The app was called `reports`: what an installation from then holds under that name moves to `management`.
- Content types (app_label 'reports' → 'management'): the row is renamed, not replaced, so its id, the
  permissions granted on it and the admin's history keep pointing at it.
- Export tasks waiting in the database queue (task path 'reports.tasks.…' → 'management.tasks.…'), so the
  worker still finds the function of a task enqueued before the upgrade.
On a new database there is nothing to move. Reversible, for a step back to the code from before."""
from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Substr

OLD, NEW = "reports", "management"


def _move(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for ct in ContentType.objects.filter(app_label=old):
        # A row already under the new name (only if the content types were created between the two
        # migrations) has nothing attached that matters more than the old one's: the old row wins.
        ContentType.objects.filter(app_label=new, model=ct.model).delete()
        ct.app_label = new
        ct.save(update_fields=["app_label"])
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    prefix = f"{old}.tasks."
    DBTaskResult.objects.filter(task_path__startswith=prefix).update(
        task_path=Concat(Value(f"{new}.tasks."), Substr("task_path", len(prefix) + 1)))


def forwards(apps, schema_editor):
    _move(apps, OLD, NEW)


def backwards(apps, schema_editor):
    _move(apps, NEW, OLD)


class Migration(migrations.Migration):

    dependencies = [
        ("management", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),  # so deleting a duplicate content type cascades
        ("django_tasks_database", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
