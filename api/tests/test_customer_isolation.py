"""Every read endpoint, for every order and instrument in the database, with each customer's token:
a customer reads its own company's data and gets 404 for everything else, listing included."""
from orders.models import Instrument, Order


def test_each_customer_token_reads_exactly_its_company_data(users, order_at, api_client):
    for customer in ("pelanggan", "pelanggan2"):
        order_at("AWAITING_PAYMENT", customer=customer)
        order_at("SUBMITTED", customer=customer)
    for customer in ("pelanggan", "pelanggan2"):
        company = users[customer].company_id
        call, _ = api_client(users[customer])
        listed = call("get", "/api/orders", {"page_size": 100}).json()
        assert sorted(o["id"] for o in listed["items"]) == sorted(
            Order.objects.filter(company_id=company).values_list("pk", flat=True))
        for order in Order.objects.all():
            own = order.company_id == company
            for path in (f"/api/orders/{order.pk}", f"/api/orders/{order.pk}/billings",
                         f"/api/orders/{order.pk}/reports"):
                response = call("get", path)
                assert response.status_code == (200 if own else 404), (customer, path)
                if not own:
                    assert str(order.number or "-") not in response.content.decode()
        for inst in Instrument.objects.select_related("order"):
            response = call("get", f"/api/instruments/{inst.pk}")
            assert response.status_code == (200 if inst.order.company_id == company else 404)
