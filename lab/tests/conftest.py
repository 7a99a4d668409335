import pytest


@pytest.fixture
def core_demo_one_balance_one_thermometer(users):
    from demo.road import demo_lines

    return demo_lines(count_mass=1, count_temp=1)
