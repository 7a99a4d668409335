import pytest


@pytest.fixture(autouse=True)
def _forget_default_unit(django_db_blocker):
    """These tests change and add units inside their transaction: after each (and after its rollback), the
    kept default unit is read again, so that no later test sees a unit the rollback took back, and none
    pays the query of reading it (pinned query counts)."""
    from units import current

    yield
    current.forget()
    with django_db_blocker.unblock():
        current.default_unit()
