"""The API shows exactly what the pages show: a customer's token never reads another company's data."""
from workflow.states import OrderState


def test_a_customer_token_lists_only_its_company_orders(users, order_at, api_client):
    mine = order_at("SUBMITTED", customer="pelanggan")
    theirs = order_at("SUBMITTED", customer="pelanggan2")
    call, _ = api_client(users["pelanggan"])
    response = call("get", "/api/orders")
    assert response.status_code == 200
    ids = [o["id"] for o in response.json()["items"]]
    assert mine.pk in ids and theirs.pk not in ids
    assert response.json()["count"] == len(ids)


def test_another_company_order_and_its_documents_are_not_found(users, order_at, api_client):
    theirs = order_at("AWAITING_PAYMENT", customer="pelanggan2")
    call, _ = api_client(users["pelanggan"])
    for path in (f"/api/orders/{theirs.pk}", f"/api/orders/{theirs.pk}/billings", f"/api/orders/{theirs.pk}/reports",
                 f"/api/instruments/{theirs.instruments.first().pk}"):
        response = call("get", path)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"


def test_a_customer_reads_its_order_with_instruments_and_billing(users, order_at, api_client):
    order = order_at("AWAITING_PAYMENT")
    call, _ = api_client(users["pelanggan"])
    detail = call("get", f"/api/orders/{order.pk}").json()
    assert detail["number"] == order.number
    assert detail["state"] == OrderState.AWAITING_PAYMENT
    assert {i["id"] for i in detail["instruments"]} == set(order.instruments.values_list("pk", flat=True))
    assert detail["total_amount"] == order.total_amount
    assert "order.cancel" in detail["allowed_transitions"]
    billings = call("get", f"/api/orders/{order.pk}/billings").json()
    assert [b["code"] for b in billings] == [order.billings.get().code]
    inst = order.instruments.first()
    assert call("get", f"/api/instruments/{inst.pk}").json()["serial_number"] == inst.serial_number


def test_orders_filter_by_state_and_number_and_paginate(users, order_at, api_client):
    submitted = order_at("SUBMITTED")
    validated = order_at("VALIDATED")
    call, _ = api_client(users["cs"])
    by_state = call("get", "/api/orders", {"state": "VALIDATED"}).json()
    assert [o["id"] for o in by_state["items"]] == [validated.pk]
    by_number = call("get", "/api/orders", {"number": validated.number}).json()
    assert [o["id"] for o in by_number["items"]] == [validated.pk]
    page = call("get", "/api/orders", {"page_size": 1, "page": 2}).json()
    assert page["count"] == 2 and [o["id"] for o in page["items"]] == [submitted.pk]


def test_an_unknown_state_filter_is_a_422_json_error(users, api_client):
    call, _ = api_client(users["cs"])
    response = call("get", "/api/orders", {"state": "NONSENSE"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_signed_reports_carry_their_verify_url(users, order_at, api_client):
    order = order_at("FORWARDED")
    call, _ = api_client(users["pelanggan"])
    reports = call("get", f"/api/orders/{order.pk}/reports").json()
    assert reports and all(r["status"] == "SIGNED" for r in reports)
    assert all(r["verify_url"].endswith(f"/verify/{order.reports.get(number=r['number']).token}")
               for r in reports)


def test_the_sop_table_is_served_as_in_the_code(users, api_client):
    from workflow.table import TRANSITIONS

    call, _ = api_client(users["pelanggan"])
    rows = call("get", "/api/sop").json()
    assert rows == [row.as_json() for row in TRANSITIONS]
