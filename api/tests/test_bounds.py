"""Every integer the API takes is bounded in its schema and answers 422 when out of range (PostgreSQL
once answered `bigint out of range` with a 500); steps that need a reason say so in the schema."""
import pytest

from api.models import Scope
from workflow.states import InstrumentState, OrderState

BOTH = [Scope.READ, Scope.TRANSITIONS]
BIG = 2**63 - 1
REASON_STEPS = ["/api/orders/{order_id}/transitions/order.reject_price",
                "/api/orders/{order_id}/transitions/order.cancel",
                "/api/orders/{order_id}/transitions/order.reject_payment",
                "/api/instruments/{instrument_id}/transitions/instrument.return_assignment"]


def _integers(schema: dict, components: dict, where: str):
    """(where, schema) of every integer in a JSON schema, following $ref, anyOf and properties."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if schema.get("type") == "integer":
        yield where, schema
    for option in schema.get("anyOf", []) + schema.get("allOf", []):
        yield from _integers(option, components, where)
    for name, prop in schema.get("properties", {}).items():
        yield from _integers(prop, components, f"{where}.{name}")


@pytest.mark.django_db
def test_every_integer_parameter_and_field_the_api_accepts_is_bounded(client):
    spec = client.get("/api/openapi.json").json()
    components = spec["components"]["schemas"]
    found = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for param in operation.get("parameters", []):
                found += _integers(param["schema"], components, f"{method} {path} {param['name']}")
            for media in operation.get("requestBody", {}).get("content", {}).values():
                found += _integers(media["schema"], components, f"{method} {path} body")
    assert len(found) >= 10  # page, page_size and every object id
    unbounded = [where for where, schema in found if "minimum" not in schema or "maximum" not in schema]
    assert not unbounded
    assert all(schema["maximum"] <= BIG for _, schema in found)


def test_integers_out_of_range_answer_422_not_500(users, order_at, api_client):
    order = order_at("SUBMITTED")
    call, _ = api_client(users["cs"], scopes=BOTH)
    assert call("get", "/api/orders", {"page": 1}).status_code == 200
    for query in ({"page": BIG}, {"page": BIG + 1}, {"page": 0}, {"page": -1}, {"page_size": 0},
                  {"page_size": 101}, {"page_size": BIG}):
        response = call("get", "/api/orders", query)
        assert response.status_code == 422, query
        assert response.json()["error"]["code"] == "invalid"
    for path in (f"/api/orders/{BIG + 1}", "/api/orders/0", "/api/orders/-5", f"/api/instruments/{2**64}",
                 f"/api/orders/{BIG + 1}/billings", f"/api/orders/{BIG + 1}/reports"):
        assert call("get", path).status_code == 422, path
    assert call("get", f"/api/orders/{BIG}").status_code == 404
    response = call("post", f"/api/orders/{BIG + 1}/transitions/order.validate")
    assert response.status_code == 422
    order.refresh_from_db()
    assert order.state == OrderState.SUBMITTED


@pytest.mark.django_db
def test_the_schema_requires_a_reason_where_the_step_needs_one(client):
    spec = client.get("/api/openapi.json").json()
    components = spec["components"]["schemas"]
    for path in REASON_STEPS:
        operation = spec["paths"][path]["post"]
        assert operation["requestBody"]["required"] is True, path
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
        assert "reason" in schema["required"] and schema["properties"]["reason"]["minLength"] == 1, path
    general = spec["paths"]["/api/orders/{order_id}/transitions/{code}"]["post"]["parameters"]
    codes = next(p for p in general if p["name"] == "code")["schema"]
    codes = components[codes["$ref"].rsplit("/", 1)[-1]]["enum"] if "$ref" in codes else codes["enum"]
    assert "order.reject_payment" not in codes and "order.validate" in codes


def test_a_schema_valid_rejection_of_a_payment_proof_succeeds(users, order_at, api_client):
    order = order_at("PAYMENT_SUBMITTED")
    call, _ = api_client(users["bendahara"], scopes=BOTH)
    url = f"/api/orders/{order.pk}/transitions/order.reject_payment"
    for body in (None, {}, {"reason": ""}, {"reason": "   "}, {"note": "tanpa alasan"}):
        response = call("post", url, body)
        assert response.status_code == 422 and "reason" in response.json()["error"]["message"], body
    order.refresh_from_db()
    assert order.state == OrderState.PAYMENT_SUBMITTED
    response = call("post", url, {"reason": "Nominal pada bukti tidak terbaca."})
    assert response.status_code == 200 and response.json()["state"] == OrderState.AWAITING_PAYMENT


def test_a_schema_valid_return_of_an_assignment_succeeds(users, order_at, api_client):
    order = order_at("ASSIGNED")
    inst = order.instruments.filter(state=InstrumentState.ASSIGNED).first()
    call, _ = api_client(users["mt"], scopes=BOTH)
    url = f"/api/instruments/{inst.pk}/transitions/instrument.return_assignment"
    missing = call("post", url)
    assert missing.status_code == 422 and "reason" in missing.json()["error"]["message"]
    response = call("post", url, {"reason": "Penyelia lain yang berwenang."})
    assert response.status_code == 200, response.content
    inst.refresh_from_db()
    assert inst.state != InstrumentState.ASSIGNED and inst.return_note == "Penyelia lain yang berwenang."
