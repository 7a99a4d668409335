"""Two web nodes, one PostgreSQL, one Redis, one shared file directory: a workflow whose requests alternate
between the nodes (log in on one, act on the other, upload on one, download on the other) runs with no
error. Each node has its own var/ directory and process memory, so anything kept there would break it."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Kalibrasi#2026"
SECRET = "multinode-test-secret-" + "x" * 40


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the two-node test needs PostgreSQL (DATABASE_URL)")
    return url


def _redis_url() -> str:
    url = os.environ.get("MULTINODE_REDIS_URL", "redis://127.0.0.1:6379/6")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required in CI but does not answer at {url}")
        pytest.skip(f"Redis does not answer at {url}")
    return url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fresh_database(url: str) -> str:
    """A database of its own next to the test database, made anew: <name>_multinode."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/") + "_multinode"
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return parsed._replace(path=f"/{name}").geturl()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    database_url, redis_url = _database_url(), _redis_url()
    base = tmp_path_factory.mktemp("multinode")
    shared = base / "shared"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sippt.settings", "DEBUG": "False", "SECRET_KEY": SECRET,
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "False",
           "DATABASE_URL": _fresh_database(database_url), "REDIS_URL": redis_url,
           "CACHE_KEY_PREFIX": f"multinode-{uuid.uuid4().hex[:8]}",
           "MEDIA_ROOT": str(shared / "files"), "SIGNING_KEY_DIR": str(shared / "keys"),
           "SIPPT_VAR_DIR": str(base / "setup-var"), "LOG_FORMAT": "json", "AXES_ENABLED": "False"}
    python = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
    run = dict(cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=300)
    subprocess.run([python, "manage.py", "migrate", "--noinput"], **run)
    subprocess.run([python, "manage.py", "shell", "-c",
                    "from catalog.seed import seed_catalog; from accounts.seed import seed_accounts; "
                    "seed_catalog(); seed_accounts()"], **run)
    nodes, procs = [], []
    try:
        for name in ("a", "b"):
            port = _free_port()
            node_env = {**env, "SIPPT_VAR_DIR": str(base / f"node-{name}-var")}  # nothing local is shared
            log = open(base / f"node-{name}.log", "w")
            procs.append((subprocess.Popen(
                [python, "-m", "gunicorn", "sippt.wsgi:application", "--bind", f"127.0.0.1:{port}",
                 "--workers", "1", "--timeout", "120"], cwd=ROOT, env=node_env, stdout=log, stderr=log), log))
            nodes.append(f"http://127.0.0.1:{port}")
        for url, (proc, _) in zip(nodes, procs):
            for _ in range(120):  # bounded: up to a minute for gunicorn to import the project
                if proc.poll() is not None:
                    break
                try:
                    if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.5)
            else:
                pytest.fail(f"node {url} did not start")
            assert proc.poll() is None, (base / "node-a.log").read_text() + (base / "node-b.log").read_text()
        yield {"nodes": nodes, "env": env, "python": python, "base": base, "redis_url": redis_url}
    finally:
        for proc, log in procs:
            _stop(proc, log)


def _stop(proc, log) -> None:
    """End a server started by a fixture (politely, then by force) and close its log."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


class Person:
    """One browser: one cookie jar, sending each request to the node it is told to."""

    def __init__(self, nodes):
        self.nodes = nodes
        self.client = httpx.Client(timeout=60, event_hooks={"response": [self._plain_http_cookies]})

    def _plain_http_cookies(self, response):
        """Production cookies are Secure (HTTPS behind nginx); the nodes here speak plain HTTP on loopback,
        so the shared jar keeps sending them."""
        for cookie in self.client.cookies.jar:
            cookie.secure = False

    def get(self, node, path, expect=200):
        response = self.client.get(self.nodes[node] + path)
        assert response.status_code == expect, (node, path, response.status_code, response.text[:2000])
        return response

    def post(self, node, path, data=None, files=None, form_page=None, expect=302):
        """Reads the CSRF token from `form_page` (or `path`) on the same node, then posts the form."""
        page = self.get(node, form_page or path).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        response = self.client.post(self.nodes[node] + path, data={"csrfmiddlewaretoken": token, **(data or {})},
                                    files=files, headers={"Referer": self.nodes[node] + (form_page or path)})
        assert response.status_code == expect, (node, path, response.status_code, response.text[:3000])
        return response

    def log_in(self, node, username):
        self.post(node, "/accounts/login/", {"username": username, "password": PASSWORD})


def _no_error_on(person, node, path):
    page = person.get(node, path).text
    assert "msg-error" not in page, re.findall(r'msg-error[^>]*>([^<]+)', page)
    return page


def test_a_workflow_alternating_between_two_nodes_runs_without_error(cluster):
    import redis

    A, B = 0, 1
    nodes = cluster["nodes"]
    customer, cs, ketua, treasurer = (Person(nodes) for _ in range(4))

    # Log in on node A; the session (in Redis) is known to node B.
    customer.log_in(A, "pelanggan")
    assert "Keluar" in customer.get(B, "/orders/").text  # not sent to the login page
    prefix = cluster["env"]["CACHE_KEY_PREFIX"]
    assert redis.Redis.from_url(cluster["redis_url"]).keys(f"{prefix}:*session*")

    # Step 4 on node B: the order form read on B, posted on A.
    form = customer.get(B, "/orders/new/").text
    balance = re.search(r'<option value="(\d+)"[^>]*>[^<]*Neraca analitik', form).group(1)
    order_data = {"line-TOTAL_FORMS": "1", "line-INITIAL_FORMS": "0", "line-MIN_NUM_FORMS": "1",
                  "line-MAX_NUM_FORMS": "200", "line-0-instrument_type": balance, "line-0-brand": "Ohaus",
                  "line-0-model": "PX224", "line-0-serial_numbers": "OH-1", "line-0-capacity": "220 g",
                  "line-0-resolution": "0,1 mg", "line-0-points": "50, 100 g", "line-0-units": "1",
                  "line-0-tolerance": "", "notes": "", "submit": "1"}
    created = customer.post(A, "/orders/new/", order_data, form_page="/orders/new/")
    detail = created.headers["location"]
    order_pk = re.fullmatch(r"/orders/(\d+)/", detail).group(1)
    _no_error_on(customer, B, detail)

    # Step 5: CS logs in on B and validates on A.
    cs.log_in(B, "cs")
    cs.post(A, f"/orders/{order_pk}/do/validate/", {"note": "Lengkap."}, form_page=detail)
    # Step 6: Ketua Tim PJI approves the tariff on B, reading the amounts from A.
    ketua.log_in(A, "ketua_pji")
    amounts = dict(re.findall(r'name="(amount_\d+)" value="(\d+)"', ketua.get(A, detail).text))
    assert amounts
    ketua.post(B, f"/orders/{order_pk}/tariff/", amounts, form_page=detail)
    # Step 7: the customer accepts the price on A.
    customer.post(A, f"/orders/{order_pk}/do/accept-price/", form_page=detail)
    # Step 8: the treasurer issues the e-billing on B.
    treasurer.log_in(A, "bendahara")
    treasurer.post(B, f"/billing/order/{order_pk}/issue/", form_page=detail)

    # Step 9: the proof of payment is uploaded on node A ...
    # A one-page PDF with its cross-reference table: an upload must parse as a PDF (core.pdfcheck).
    proof = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
             b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
             b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
             b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n")
    customer.post(A, f"/billing/order/{order_pk}/proof/", files={"proof": ("bukti.pdf", proof, "application/pdf")},
                  form_page=detail)
    # ... and downloaded by the treasurer from node B: the same bytes, from the shared storage.
    page = _no_error_on(treasurer, B, detail)
    proof_path = re.search(rf'href="(/billing/order/{order_pk}/proof/\d+/)"', page).group(1)
    downloaded = treasurer.get(B, proof_path)
    assert downloaded.content == proof
    # Step 10 on A: the payment is accepted; both nodes show the order as paid.
    paid_at = datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%dT%H:%M")  # as the BPN prints it
    treasurer.post(A, f"/billing/order/{order_pk}/accept/", {"ntpn": "7A41C09E2B5D8F13", "bank": "BRI",
                                                             "paid_at": paid_at}, form_page=detail)
    for node in (A, B):
        assert "Lunas, menunggu penerimaan alat" in _no_error_on(customer, node, detail)

    # The mail and notification tasks wait in the PostgreSQL queue for a worker on any node.
    result = subprocess.run([cluster["python"], "manage.py", "db_worker", "--batch", "--no-startup-delay",
                             "--queue-name", "*"], cwd=ROOT, env={**cluster["env"]}, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "SUCCESSFUL" in result.stderr + result.stdout
    # Every request answered by both nodes carries a request id.
    assert customer.get(A, "/healthz").headers["x-request-id"]
    assert customer.get(B, "/readyz").json()["status"] == "ok"
