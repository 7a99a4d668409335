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
