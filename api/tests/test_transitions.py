"""Steps taken through the API go through the same services as the pages, and are audited the same."""
from accounts.roles import Role
from api.models import ApiToken, Scope
from workflow.models import AuditEntry
from workflow.states import InstrumentState, OrderState

BOTH = [Scope.READ, Scope.TRANSITIONS]


def test_cs_validates_a_submitted_order_and_the_audit_names_actor_and_role(users, order_at, api_client):
    order = order_at("SUBMITTED")
    call, _ = api_client(users["cs"], scopes=BOTH)
    response = call("post", f"/api/orders/{order.pk}/transitions/order.validate", {"note": "Lengkap."})
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == OrderState.VALIDATED and body["number"]
    entry = AuditEntry.objects.get(order=order, code="order.validate")
    assert entry.actor == users["cs"] and entry.role == Role.CS
    assert entry.from_state == OrderState.SUBMITTED and entry.to_state == OrderState.VALIDATED
    assert entry.note == "Lengkap."


def test_a_refused_step_gives_409_with_the_service_message(users, order_at, api_client):
    order = order_at("SUBMITTED")
    call, _ = api_client(users["pelanggan"], scopes=BOTH)
    response = call("post", f"/api/orders/{order.pk}/transitions/order.validate")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "transition_not_allowed"
    assert "tidak berwenang" in error["message"]
    order.refresh_from_db()
    assert order.state == OrderState.SUBMITTED


def test_a_step_already_done_gives_409(users, order_at, api_client):
    order = order_at("VALIDATED")
    call, _ = api_client(users["cs"], scopes=BOTH)
    response = call("post", f"/api/orders/{order.pk}/transitions/order.validate")
    assert response.status_code == 409
    assert "sudah dilakukan" in response.json()["error"]["message"]


def test_a_reason_is_required_to_reject_the_price(users, order_at, api_client):
    order = order_at("PRICED")
    call, _ = api_client(users["pelanggan"], scopes=BOTH)
    missing = call("post", f"/api/orders/{order.pk}/transitions/order.reject_price")
    assert missing.status_code == 422
    error = missing.json()["error"]
    assert error["code"] == "invalid" and error["message"].startswith("reason:")
    done = call("post", f"/api/orders/{order.pk}/transitions/order.reject_price", {"reason": "Terlalu mahal."})
    assert done.status_code == 200 and done.json()["state"] == OrderState.SUBMITTED


def test_a_customer_cannot_act_on_another_company_order(users, order_at, api_client):
    theirs = order_at("PRICED", customer="pelanggan2")
    call, _ = api_client(users["pelanggan"], scopes=BOTH)
    response = call("post", f"/api/orders/{theirs.pk}/transitions/order.accept_price")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == OrderState.PRICED


def test_an_unknown_step_code_is_refused(users, order_at, api_client):
    order = order_at("PAID")
    call, _ = api_client(users["cs"], scopes=BOTH)
    response = call("post", f"/api/orders/{order.pk}/transitions/order.receive")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_mt_approves_an_assignment_through_the_api(users, order_at, api_client):
    order = order_at("ASSIGNED")
    inst = order.instruments.filter(state=InstrumentState.ASSIGNED).first()
    call, _ = api_client(users["mt"], scopes=BOTH)
    response = call("post", f"/api/instruments/{inst.pk}/transitions/instrument.approve_assignment")
    assert response.status_code == 200
    assert response.json()["state"] == InstrumentState.IN_CALIBRATION
    assert AuditEntry.objects.filter(instrument=inst, code="instrument.approve_assignment", actor=users["mt"]).exists()


def test_a_step_needs_no_body_and_a_broken_body_is_a_json_error(users, order_at, client):
    order = order_at("SUBMITTED")
    _, raw = ApiToken.issue(users["cs"], "mentah", BOTH)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    broken = client.post(f"/api/orders/{order.pk}/transitions/order.validate", "{bukan json",
                         content_type="application/json", **auth)
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "bad_request"
    empty = client.post(f"/api/orders/{order.pk}/transitions/order.validate", "", content_type="application/json",
                        **auth)
    assert empty.status_code == 200 and empty.json()["state"] == OrderState.VALIDATED
