import pytest

from billing.tests.fake_simponi import PUSH_PASSWORD, PUSH_USER, FakeSimponi


@pytest.fixture
def simponi(settings):
    """The fake SIMPONI on loopback, with the settings that make the app use it and accept its pushes."""
    fake = FakeSimponi().start()
    settings.BILLING_GATEWAY = "simponi"
    settings.SIMPONI_URL = fake.url
    settings.SIMPONI_USER_ID, settings.SIMPONI_PASSWORD = "bspji-palembang", "kata-sandi"
    settings.SIMPONI_PUSH_USER, settings.SIMPONI_PUSH_PASSWORD = PUSH_USER, PUSH_PASSWORD
    settings.SIMPONI_ALLOWED_IPS = ["127.0.0.1", "10.20.0.0/16"]
    settings.SIMPONI_TIMEOUT = 5
    yield fake
    fake.stop()
