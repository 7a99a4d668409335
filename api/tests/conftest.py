import pytest

from api.models import ApiToken, Scope


@pytest.fixture
def api_client(client):
    """api_client(user, scopes=("read",)) -> (a function calling the API with the user's new token, the token row)."""
    def _make(user, scopes=(Scope.READ,)):
        token, raw = ApiToken.issue(user, "test", scopes)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

        def call(method, path, data=None):
            if method == "get":
                return client.get(path, data or {}, **headers)
            return client.post(path, data or {}, content_type="application/json", **headers)
        return call, token
    return _make
