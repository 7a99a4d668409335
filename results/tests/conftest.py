"""Instruments waiting for their results, for the results tests."""
import pytest

from demo.road import demo_lines


@pytest.fixture
def thermometer(order_at):
    """A thermometer (one parameter, "Suhu", assigned to analis2) waiting for its results."""
    order = order_at("IN_CALIBRATION", lines=demo_lines(count_mass=0, count_temp=1))
    return order.instruments.get()


@pytest.fixture
def balance(order_at):
    """An analytical balance (three parameters, assigned to analis) waiting for its results."""
    order = order_at("IN_CALIBRATION", lines=demo_lines(count_mass=1, count_temp=0))
    return order.instruments.get()
