"""The customer's order list says, on each order's row, what the customer does next — asked once per
state and company on the page, each row still linking its own order — and nothing to do where the
centre is at work."""
import re

import pytest


@pytest.mark.django_db
def test_each_priced_order_asks_for_its_own_price_approval(users, order_at, login):
    first, second = order_at("PRICED"), order_at("PRICED")
    submitted = order_at("SUBMITTED")
    page = login(users["pelanggan"]).get("/orders/").content.decode()
    found = re.findall(r'<tr><td data-label="Nomor"><a href="/orders/(\d+)/">(.*?)</tr>', page)
    rows = {int(pk): row for pk, row in found}
    for order in (first, second):
        assert f'<a href="/orders/{order.pk}/">Periksa harga dan setujui</a>' in rows[order.pk]
    assert "Periksa harga" not in rows[submitted.pk]
    assert "Tidak ada; kami sedang memprosesnya." in rows[submitted.pk]
