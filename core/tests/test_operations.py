"""Operations: every request has an id that reaches the response and every log line; logs are JSON lines;
the admin sees the task worker's backlog."""
import datetime
import json
import logging

from django.utils import timezone

from core.logging import JsonFormatter, RequestIdFilter, request_id_var


def test_response_carries_the_proxys_request_id(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="edge-7f3a")
    assert response["X-Request-ID"] == "edge-7f3a"


def test_a_missing_or_unsafe_request_id_is_replaced_by_a_new_one(client):
    made = client.get("/healthz")["X-Request-ID"]
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x"\n{"level": "fake"}')["X-Request-ID"]
    assert len(made) == 32 and len(forged) == 32 and made != forged


def test_every_log_line_of_a_request_is_json_with_its_request_id(client, monkeypatch):
    lines = []
    handler = logging.Handler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    handler.emit = lambda record: lines.append(handler.format(record))
    logging.getLogger().addHandler(handler)
    from core import health

    def logging_check():
        logging.getLogger("sippt.check").warning("storage slow", extra={"node": "web-2"})
    monkeypatch.setitem(health.CHECKS, "storage", logging_check)
    try:
        client.get("/readyz", HTTP_X_REQUEST_ID="req-42")
    finally:
        logging.getLogger().removeHandler(handler)
    records = [json.loads(line) for line in lines]
    mine = [r for r in records if r["message"] == "storage slow"]
    assert mine and mine[0]["request_id"] == "req-42" and mine[0]["level"] == "WARNING"
    assert mine[0]["node"] == "web-2" and mine[0]["logger"] == "sippt.check"
    assert request_id_var.get() == "-"  # the id does not leak into the next request


def test_admin_sees_the_task_backlog_per_queue(login, users, client):
    from django_tasks_db.models import DBTaskResult

    def task(status, queue="default", minutes_ago=0):
        result = DBTaskResult.objects.create(status=status, queue_name=queue, task_path="notifications.tasks.x",
                                             args_kwargs={}, backend_name="default", run_after=timezone.now())
        DBTaskResult.objects.filter(pk=result.pk).update(
            enqueued_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))

    task("READY", minutes_ago=90)
    task("READY", minutes_ago=5)
    task("RUNNING")
    task("FAILED", queue="mail")
    task("SUCCESSFUL")
    from core.health import backlog_by_queue
    rows = {row["queue_name"]: row for row in backlog_by_queue()}
    assert (rows["default"]["queued"], rows["default"]["running"], rows["default"]["failed"]) == (2, 1, 0)
    assert rows["mail"]["failed"] == 1 and rows["mail"]["oldest_age"] is None
    assert datetime.timedelta(minutes=89) < rows["default"]["oldest_age"] < datetime.timedelta(minutes=95)
    page = login(users["admin"]).get("/ops/tasks/")
    assert page.status_code == 200 and "1\xa0jam" in page.content.decode()  # the oldest waits 1 hour 30 minutes


def test_only_staff_open_the_task_backlog(login, users, client):
    assert client.get("/ops/tasks/").status_code == 302  # anonymous: to the login page
    assert login(users["cs"]).get("/ops/tasks/").status_code == 404  # not staff: as if there were no page
    assert login(users["pelanggan"]).get("/ops/tasks/").status_code == 404
