import pytest


@pytest.fixture(autouse=True)
def _forget_default_unit():
    """These tests change and add units inside their transaction: the kept default unit is forgotten after
    each, so that no later test sees a unit its rollback took back."""
    from units import current

    yield
    current.forget()
