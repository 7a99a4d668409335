"""Personal API tokens: shown once, stored as a hash, limited by scope, revocable."""
import hashlib

from api.models import ApiToken, Scope


def test_a_token_made_on_the_page_is_shown_once_and_only_its_hash_is_stored(users, login):
    client = login(users["cs"])
    response = client.post("/api/tokens/", {"name": "Integrasi LIMS", "scopes": ["read", "transitions"]})
    assert response.status_code == 200
    raw = response.context["created"]["raw"]
    assert raw.encode() in response.content
    token = ApiToken.objects.get(user=users["cs"])
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert token.scopes == ["read", "transitions"]
    listing = client.get("/api/tokens/")
    assert b"Integrasi LIMS" in listing.content and raw.encode() not in listing.content


def test_a_valid_token_reads_and_records_its_last_use(users, api_client):
    call, token = api_client(users["cs"])
    response = call("get", "/api/orders")
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_is_refused_with_401(users, login, api_client):
    call, token = api_client(users["pelanggan"])
    assert call("get", "/api/orders").status_code == 200
    client = login(users["pelanggan"])
    client.post(f"/api/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = call("get", "/api/orders")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_a_user_cannot_revoke_someone_elses_token(users, login):
    token, _ = ApiToken.issue(users["pelanggan2"], "milik orang lain", [Scope.READ])
    response = login(users["pelanggan"]).post(f"/api/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_no_token_or_an_unknown_token_gives_401_as_json(client, users):
    missing = client.get("/api/orders")
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "unauthorized"
    unknown = client.get("/api/orders", HTTP_AUTHORIZATION="Bearer sippt_bukan-token")
    assert unknown.status_code == 401


def test_a_token_of_a_deactivated_account_is_refused(users, api_client):
    call, _ = api_client(users["pelanggan"])
    from accounts.services import deactivate_account

    deactivate_account(users["admin"], users["pelanggan"].pk, "akun disalahgunakan")
    assert call("get", "/api/orders").status_code == 401


def test_a_read_only_token_cannot_take_a_step(users, order_at, api_client):
    order = order_at("SUBMITTED")
    call, _ = api_client(users["cs"], scopes=[Scope.READ])
    response = call("post", f"/api/orders/{order.pk}/transitions/order.validate")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    order.refresh_from_db()
    assert order.state == "SUBMITTED"


def test_the_token_page_needs_a_signed_in_user(client, users):
    response = client.get("/api/tokens/")
    assert response.status_code == 302
