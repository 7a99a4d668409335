"""Operations endpoints and the security headers every page carries."""


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readyz_checks_database_cache_storage_and_queue(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage", "task_queue"}


def test_readyz_says_which_dependency_fails(client, db, monkeypatch):
    from core import health

    def broken():
        raise OSError("disk gone")

    monkeypatch.setitem(health.CHECKS, "storage", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "error: OSError"


def test_pages_forbid_inline_scripts_and_framing(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
