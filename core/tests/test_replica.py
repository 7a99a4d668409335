"""Which database answers: the management dashboard and the API's lists read from the replica; a transition,
anything in a transaction and anything after the request wrote use the primary (core/replica.py).

The test settings define `replica` as a mirror of the test database (a second connection to the same data),
so each query is recorded on the connection that ran it. The scope only acts outside a transaction, so
these tests commit (transaction=True), as a web request does."""
import re
import runpy
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections, router, transaction

from core import replica
from core.replica import ReplicaReadMiddleware, ReplicaRouter, read_from_replica

BOTH = pytest.mark.django_db(transaction=True, databases=["default", "replica"])
# The session, the user, their roles and second-factor device: read before the view, on the primary.
WHO_IS_ASKING = re.compile(r'^SELECT .* FROM "(django_session|accounts_user|accounts_userrole|otp_\w+)"')
# Also before the view, on the primary: the units' zones and names, for the reader's unit (units/reader.py;
# then kept in the shared cache).
READER_UNIT = re.compile(r'^SELECT .* FROM "units_unit"')
# The dashboard's SLA figures run their own SQL on `django.db.connection`, which is always the primary
# (management/steps.py), until that line takes the connection the router names: `connections[history.db]`.
RAW_SQL_ON_PRIMARY = "SELECT history."
SETTINGS = Path(__file__).resolve().parents[2] / "sippt" / "settings.py"


@contextmanager
def queries_by_alias():
    """{"default": [sql, ...], "replica": [sql, ...]}: every statement, on the connection that ran it."""
    seen = {"default": [], "replica": []}
    with ExitStack() as stack:
        for alias, statements in seen.items():
            def record(execute, sql, params, many, context, statements=statements):
                statements.append(sql)
                return execute(sql, params, many, context)
            stack.enter_context(connections[alias].execute_wrapper(record))
        yield seen


def _touching(statements, table):
    return [sql for sql in statements if f'"{table}"' in sql]


@BOTH
def test_the_dashboard_reads_the_figures_from_the_replica(users, login, order_at):
    order_at()
    client = login(users["kepala_balai"])
    with queries_by_alias() as seen:
        response = client.get("/reports/")
    assert response.status_code == 200
    assert _touching(seen["replica"], "orders_order"), "the dashboard's figures come from the replica"
    for sql in seen["default"]:  # on the primary: only who is asking
        assert sql.startswith(RAW_SQL_ON_PRIMARY) or WHO_IS_ASKING.search(sql) or READER_UNIT.search(sql), sql[:200]
    # who is asking was read on the primary: a login a moment old may not have reached the replica
    assert _touching(seen["default"], "accounts_user")
    assert not any(WHO_IS_ASKING.search(sql) for sql in seen["replica"])


@BOTH
def test_the_api_order_list_reads_from_the_replica_unless_the_request_wrote(users, order_at):
    from api.models import ApiToken, Scope
    from django.test import Client

    order = order_at()
    _token, raw = ApiToken.issue(users["pelanggan"], "replika", (Scope.READ,))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    # The token's first use records last_used_at: that request has written, so it reads the primary.
    with queries_by_alias() as first:
        assert client.get("/api/orders").json()["items"][0]["number"] == order.number
    assert _touching(first["default"], "orders_order") and not first["replica"]
    # Within the minute the token is not written again: the list is read from the replica.
    with queries_by_alias() as second:
        assert client.get("/api/orders").json()["items"][0]["number"] == order.number
    assert _touching(second["replica"], "orders_order")
    assert not _touching(second["default"], "orders_order")
    # An order's own page is not a list: the primary.
    with queries_by_alias() as detail:
        assert client.get(f"/api/orders/{order.pk}").status_code == 200
    assert _touching(detail["default"], "orders_order") and not detail["replica"]


@BOTH
def test_a_transition_neither_reads_nor_writes_on_the_replica(users, login, order_at):
    from orders.models import OrderState

    order = order_at()
    client = login(users["cs"])
    with queries_by_alias() as seen:
        response = client.post(f"/orders/{order.pk}/do/validate/", {"note": "Lengkap."})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state != OrderState.SUBMITTED
    assert seen["default"] and seen["replica"] == []
    # A POST to a listed view is no read either: the dashboard's address answers POST on the primary.
    client = login(users["kepala_balai"])
    with queries_by_alias() as posted:
        client.post("/reports/")
    assert posted["replica"] == []


@BOTH
def test_inside_a_transaction_or_after_a_write_reads_use_the_primary():
    assert router.db_for_read(Group) == "default"  # outside the scope
    with read_from_replica():
        assert router.db_for_read(Group) == "replica"
        with transaction.atomic():  # a service: its reads under its locks are never stale
            assert router.db_for_read(Group) == "default"
        assert router.db_for_read(Group) == "replica"
        assert router.db_for_write(Group) == "default"
        Group.objects.create(name="penulis")
        assert router.db_for_read(Group) == "default"  # the request has written
        assert router.db_for_read(Permission) == "default"
    with read_from_replica(after_write="model"):  # a job recording its progress while it reads
        Group.objects.filter(name="penulis").update(name="penulis-2")
        assert router.db_for_read(Group) == "default"
        assert router.db_for_read(Permission) == "replica"
    with read_from_replica():
        group = Group.objects.get(name="penulis-2")
        assert group._state.db == "replica"
        assert list(Permission.objects.all()) == list(Permission.objects.using("default"))
    group.name = "penulis-3"
    with queries_by_alias() as seen:
        group.save()  # read on the replica, saved on the primary
    assert seen["replica"] == [] and seen["default"]
    assert Group.objects.using("default").get(pk=group.pk).name == "penulis-3"
    assert router.db_for_read(Group, instance=group) == "default"  # its relations, outside the scope


def test_the_router_and_middleware_do_nothing_without_a_replica(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: False)
    with pytest.raises(MiddlewareNotUsed):
        ReplicaReadMiddleware(lambda request: None)
    with read_from_replica():
        assert ReplicaRouter().db_for_read(Group) is None
        assert ReplicaRouter().db_for_write(Group) is None
    with pytest.raises(ValueError):
        read_from_replica(after_write="some").__enter__()


@pytest.mark.parametrize("replica_url", ["", "postgresql://sippt:rahasia@10.0.0.2:5433/sippt"])
def test_database_replica_url_is_parsed_like_database_url(monkeypatch, tmp_path, replica_url):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("SIPPT_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgresql://sippt:rahasia@10.0.0.1:5432/sippt")
    monkeypatch.setenv("DB_CONN_MAX_AGE", "60")
    monkeypatch.setenv("DATABASE_REPLICA_URL", replica_url)
    settings = runpy.run_path(str(SETTINGS))
    if not replica_url:
        assert list(settings["DATABASES"]) == ["default"] and "DATABASE_ROUTERS" not in settings
        return
    primary, standby = settings["DATABASES"]["default"], settings["DATABASES"]["replica"]
    assert (standby["HOST"], standby["PORT"], standby["NAME"]) == ("10.0.0.2", 5433, "sippt")
    assert standby["ENGINE"] == primary["ENGINE"] and standby["CONN_MAX_AGE"] == primary["CONN_MAX_AGE"] == 60
    assert standby["TEST"] == {"MIRROR": "default"}
    assert settings["DATABASE_ROUTERS"] == ["core.replica.ReplicaRouter"]


@BOTH
def test_an_export_reads_the_register_on_the_replica_and_its_progress_on_the_primary(users, order_at):
    from management.models import Export, ExportStatus
    from management.tasks import build_export

    order_at()
    export = Export.objects.create(owner=users["kepala_balai"], kind="order_register", format="xlsx",
                                   params={"start": "2020-01-01", "end": "2099-12-31"})
    with queries_by_alias() as seen:
        build_export(export)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.done_rows == 1
    assert _touching(seen["replica"], "orders_order"), "the register is read on the replica"
    table = Export._meta.db_table
    assert not _touching(seen["replica"], table)  # the job's own row, which it writes: on the primary
    assert [sql for sql in seen["default"] if sql.startswith("UPDATE") and f'"{table}"' in sql]
    assert not [sql for sql in seen["replica"] if not sql.startswith("SELECT")]
