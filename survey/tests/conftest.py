"""An order whose signed reports were forwarded to the customer (step 20 done), driven along the
demo road through the real services."""
import pytest

from demo.road import demo_lines


@pytest.fixture
def forwarded_order(order_at):
    """forwarded_order(customer="pelanggan") -> an order in FORWARDED with a signed report per instrument
    (one balance and one thermometer, so two laboratories)."""
    def _make(customer="pelanggan"):
        return order_at("FORWARDED", customer=customer, lines=demo_lines(count_mass=1, count_temp=1))
    return _make
