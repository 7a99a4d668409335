"""A PostgreSQL primary and a streaming replica of its own: the management dashboard reads on the replica,
a transition neither reads nor writes there (core/replica.py, DATABASE_REPLICA_URL).

The test makes both servers itself, in a temporary directory on loopback ports of its own (never the
machine's cluster): `initdb` for the primary, `pg_basebackup -R -X stream` for the replica (standby.signal
and primary_conninfo), both run as the `postgres` user when the test runs as root (initdb refuses root).
The replica logs every statement (log_statement = 'all') with the connection's application_name, so the
statements the web server sent there are read back from its log. Runs in the PostgreSQL pass of .ci/run."""
from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from multinode.test_two_web_nodes import Person, _free_port, _stop

ROOT = Path(__file__).resolve().parent.parent
SECRET = "replica-test-secret-" + "y" * 40
APP = "sippt-web"  # the web server's application_name on the replica: its lines in the log
DB = "sippt"


def _bindir() -> Path:
    """PG_BINDIR, else the newest /usr/lib/postgresql/<version>/bin with initdb and pg_basebackup."""
    candidates = [os.environ["PG_BINDIR"]] if os.environ.get("PG_BINDIR") else sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(re.search(r"/(\d+)/bin$", p).group(1)))
    for found in reversed(candidates):
        if all((Path(found) / tool).is_file() for tool in ("initdb", "pg_ctl", "pg_basebackup", "postgres")):
            return Path(found)
    reason = "the replica test needs PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " in CI")
    pytest.skip(reason)


def _postgres_user() -> pwd.struct_passwd | None:
    """As root, the servers run as `postgres` (initdb refuses root); otherwise as the current user."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root, and there is no `postgres` user to run initdb and the servers")


class Servers:
    def __init__(self, bindir: Path, base: Path, owner):
        self.bindir, self.base, self.owner = bindir, base, owner
        self.primary_port, self.replica_port = _free_port(), _free_port()
        self.started: list[Path] = []

    def run(self, tool, *args, timeout=120):
        command = [str(self.bindir / tool), *map(str, args)]
        if self.owner is not None:
            command = ["runuser", "-u", self.owner.pw_name, "--", *command]
        result = subprocess.run(command, cwd=self.base, capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        return result

    def start(self, datadir: Path, log: Path):
        self.run("pg_ctl", "-D", datadir, "-l", log, "-w", "-t", "60", "start")
        self.started.append(datadir)

    def stop_all(self):
        for datadir in reversed(self.started):
            try:
                self.run("pg_ctl", "-D", datadir, "-m", "immediate", "-w", "stop", timeout=60)
            except (AssertionError, subprocess.TimeoutExpired):
                pass

    def url(self, port, **options):
        query = "&".join(f"{k}={v}" for k, v in options.items())
        return f"postgresql://postgres@127.0.0.1:{port}/{DB}" + (f"?{query}" if query else "")

    def sql(self, port, statement):
        import psycopg

        with psycopg.connect(self.url(port), application_name="replica-test", autocommit=True) as conn:
            return conn.execute(statement).fetchall()


def _conf(path: Path, **values):
    with path.open("a") as conf:
        for key, value in values.items():
            conf.write(f"{key} = {value!r}\n" if isinstance(value, str) else f"{key} = {value}\n")


@pytest.fixture(scope="module")
def primary_and_replica():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the replica test runs in the PostgreSQL pass (DATABASE_URL=postgresql://…)")
    bindir, owner = _bindir(), _postgres_user()
    base = Path(tempfile.mkdtemp(prefix="sippt-replica-"))
    if owner is not None:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    servers = Servers(bindir, base, owner)
    try:
        primary, replica = base / "primary", base / "replica"
        servers.run("initdb", "-D", primary, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        common = dict(listen_addresses="127.0.0.1", unix_socket_directories=str(base), fsync="off",
                      full_page_writes="off", max_connections=30, shared_buffers="32MB",
                      log_line_prefix="%m [%p] %a: ")
        _conf(primary / "postgresql.conf", port=servers.primary_port, wal_level="replica", max_wal_senders=4,
              **common)
        servers.start(primary, base / "primary.log")
        # initdb's pg_hba.conf lets loopback replicate with --auth=trust
        servers.run("pg_basebackup", "-h", "127.0.0.1", "-p", servers.primary_port, "-U", "postgres",
                    "-D", replica, "-R", "-X", "stream", "-c", "fast")
        assert (replica / "standby.signal").exists()
        assert "primary_conninfo" in (replica / "postgresql.auto.conf").read_text()
        _conf(replica / "postgresql.conf", port=servers.replica_port, hot_standby="on", log_statement="all",
              **common)
        servers.start(replica, base / "replica.log")
        yield servers
    finally:
        servers.stop_all()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def web(primary_and_replica):
    servers = primary_and_replica
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:{servers.primary_port}/postgres", autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{DB}"')
    base = servers.base
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sippt.settings", "DEBUG": "False", "SECRET_KEY": SECRET,
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "False", "AXES_ENABLED": "False",
           "DATABASE_URL": servers.url(servers.primary_port, application_name=APP),
           "DATABASE_REPLICA_URL": servers.url(servers.replica_port, application_name=APP),
           "MEDIA_ROOT": str(base / "files"), "SIGNING_KEY_DIR": str(base / "keys"),
           "SIPPT_VAR_DIR": str(base / "var"), "LOG_FORMAT": "json"}
    env.pop("REDIS_URL", None)
    python = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
    run = dict(cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=300)
    subprocess.run([python, "manage.py", "migrate", "--noinput"], **run)
    # a little data on the primary: the demo accounts and a dozen orders, some waiting for CS
    subprocess.run([python, "manage.py", "generate_data", "--orders", "12", "--years", "0.2",
                    "--only-state", "SUBMITTED", "--only-state", "COMPLETED"], **run)
    port = _free_port()
    log = open(base / "web.log", "w")
    proc = subprocess.Popen([python, "-m", "gunicorn", "sippt.wsgi:application", "--bind", f"127.0.0.1:{port}",
                             "--workers", "1", "--timeout", "120"], cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        node = f"http://127.0.0.1:{port}"
        for _ in range(120):
            if proc.poll() is not None:
                break
            try:
                if httpx.get(f"{node}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        assert proc.poll() is None, (base / "web.log").read_text()
        yield {"node": node, "servers": servers}
    finally:
        _stop(proc, log)


class ReplicaLog:
    """The replica's statements from the web server, from a mark on: `with log.window() as lines: ...`."""

    def __init__(self, path: Path):
        self.path = path

    def since(self, offset: int) -> list[str]:
        with self.path.open("rb") as f:
            f.seek(offset)
            text = f.read().decode("utf-8", "replace")
        return [line for line in text.splitlines() if f"] {APP}: " in line and "statement: " in line]

    def mark(self) -> int:
        return self.path.stat().st_size


def _wait_for(check, what, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def test_the_dashboard_reads_on_the_replica_and_a_transition_never_touches_it(web):
    servers, node = web["servers"], web["node"]
    primary, replica = servers.primary_port, servers.replica_port
    # a streaming hot standby, caught up with the data written on the primary
    assert servers.sql(replica, "SELECT pg_is_in_recovery()") == [(True,)]
    assert servers.sql(primary, "SELECT state FROM pg_stat_replication") == [("streaming",)]
    count = servers.sql(primary, "SELECT count(*) FROM orders_order")[0][0]
    assert count >= 12
    _wait_for(lambda: servers.sql(replica, "SELECT count(*) FROM orders_order")[0][0] == count, "replication")
    log = ReplicaLog(servers.base / "replica.log")

    # The head of the PJI team opens the dashboard: its figures are read on the replica.
    ketua = Person([node])
    ketua.log_in(0, "ketua_pji")
    mark = log.mark()
    page = ketua.get(0, "/reports/").text
    assert "msg-error" not in page
    dashboard = log.since(mark)
    assert any('"orders_order"' in line for line in dashboard), dashboard
    assert not any(re.search(r"statement: (INSERT|UPDATE|DELETE)", line) for line in dashboard)
    # who is asking was read on the primary
    asking = re.compile(r'django_session|otp_totp|FROM "accounts_user" WHERE "accounts_user"."id" = \d+ LIMIT')
    assert not [line for line in dashboard if asking.search(line)]

    # CS validates an order waiting for validation (step 5): nothing of it reaches the replica.
    order_id = servers.sql(primary, "SELECT id FROM orders_order WHERE state = 'SUBMITTED' ORDER BY id LIMIT 1")[0][0]
    cs = Person([node])
    cs.log_in(0, "cs")
    mark = log.mark()
    cs.post(0, f"/orders/{order_id}/do/validate/", {"note": "Lengkap."}, form_page=f"/orders/{order_id}/")
    assert log.since(mark) == []
    state = servers.sql(primary, f"SELECT state FROM orders_order WHERE id = {order_id}")[0][0]
    assert state != "SUBMITTED"
    # written on the primary only, and streamed to the replica
    _wait_for(lambda: servers.sql(replica, f"SELECT state FROM orders_order WHERE id = {order_id}")[0][0] == state,
              "the transition to reach the replica")
