"""Orders' quotations in the API, as on the order page: the legal basis of each line, scoped to the company."""
import pytest

from quotations.tests.test_quotation import pdf_url


@pytest.mark.django_db
def test_the_api_lists_the_orders_quotations_with_the_legal_basis_of_each_line(users, order_at, api_client):
    order = order_at("PRICED")
    call, _ = api_client(users["pelanggan"])
    response = call("get", f"/api/orders/{order.pk}/quotations")
    assert response.status_code == 200
    [body] = response.json()
    quotation = order.quotations.get()
    assert body["number"] == quotation.number and body["current"] is True and body["total"] == order.total_amount
    assert body["pdf_url"] == pdf_url(order, quotation)
    assert {line["legal_basis"] for line in body["lines"]} == {"PP 54/2021"}
    assert len(body["lines"]) == order.instruments.count()
    other, _ = api_client(users["pelanggan2"])
    assert other("get", f"/api/orders/{order.pk}/quotations").status_code == 404
