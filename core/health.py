"""Health endpoints for load balancers and monitoring: alive, and ready (everything it needs answers)."""
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse, JsonResponse


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache():
    key = f"readyz-{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return the value")
    cache.delete(key)


def _storage():
    name = default_storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


def _task_queue():
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.exists()


CHECKS = {"database": _database, "cache": _cache, "storage": _storage, "task_queue": _task_queue}


def readyz(request):
    results, ok = {}, True
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # a failing dependency is reported, not raised
            results[name] = f"error: {type(exc).__name__}"
            ok = False
    return JsonResponse({"status": "ok" if ok else "unavailable", "checks": results}, status=200 if ok else 503)


# --- The task worker's backlog, for the staff (admins) --------------------------------------------------

def backlog_by_queue(now=None) -> list[dict]:
    """Per queue: tasks waiting, running, failed, and the age of the oldest one waiting (a timedelta or None)."""
    from django.db.models import Count, Min, Q
    from django.utils import timezone
    from django_tasks.base import TaskResultStatus as S
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    rows = (DBTaskResult.objects.values("queue_name").order_by("queue_name").annotate(
        queued=Count("id", filter=Q(status=S.READY)),
        running=Count("id", filter=Q(status=S.RUNNING)),
        failed=Count("id", filter=Q(status=S.FAILED)),
        oldest_waiting=Min("enqueued_at", filter=Q(status=S.READY)),
    ))
    return [{**row, "oldest_age": now - row["oldest_waiting"] if row["oldest_waiting"] else None} for row in rows]


def task_backlog(request):
    """Staff only (the admin's role): the worker's backlog per queue, read from django-tasks-db's table.
    Anonymous visitors are sent to log in; a logged-in user who is not staff gets 404, like every other
    page outside their role."""
    from django.contrib.auth.views import redirect_to_login
    from django.http import Http404
    from django.shortcuts import render

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_staff:
        raise Http404
    return render(request, "core/task_backlog.html", {"queues": backlog_by_queue()})
