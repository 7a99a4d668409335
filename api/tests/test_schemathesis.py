"""schemathesis against /api/openapi.json through the WSGI app, with a token for every role: no request it
generates, valid or deliberately invalid, may get a server error, a response the schema does not
describe, or be accepted when it breaks the schema. Derandomised, at least 50 examples per operation
and mode. It runs on PostgreSQL (the CI's second pass), where an unbounded integer once gave a 500."""
import os
import time

import pytest
import schemathesis
from django.db import connection
from hypothesis import HealthCheck, given, settings, strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.models import ApiToken, Scope

MAX_EXAMPLES = 50
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection]
# One person of each of the nine roles (the demo accounts).
ROLE_ACCOUNTS = ["pelanggan", "admin", "cs", "ketua_pji", "bendahara", "penyelia", "analis", "mt", "kepala_balai"]


@pytest.fixture
def need_postgresql(db):
    if connection.vendor == "postgresql":
        return
    if os.environ.get("CI") == "true" and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.fail("CI points DATABASE_URL to PostgreSQL but the tests run on " + connection.vendor)
    pytest.skip("runs in the PostgreSQL pass (DATABASE_URL), where out-of-range integers reach the database")


@pytest.fixture
def role_tokens(need_postgresql, users, order_at):
    """A token (both scopes) for every role, and orders in several states, one of another company."""
    order_at("AWAITING_PAYMENT", customer="pelanggan")
    order_at("PAYMENT_SUBMITTED", customer="pelanggan")
    order_at("ASSIGNED", customer="pelanggan")
    order_at("SUBMITTED", customer="pelanggan2")
    return [ApiToken.issue(users[name], "schemathesis", [Scope.READ, Scope.TRANSITIONS])[1]
            for name in ROLE_ACCOUNTS]


@pytest.fixture
def connection_kept_across_requests():
    """Called as a WSGI app (not through Django's test client), each request would end with
    `close_old_connections`, which closes the test's database connection inside its transaction (on
    PostgreSQL). Django's test client disconnects that handler the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_never_errs_nor_breaks_its_schema(role_tokens, mode, connection_kept_across_requests):
    from sippt.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    started, calls, failures, used = time.monotonic(), 0, [], set()
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode), token=st.sampled_from(role_tokens))
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case, token):
            nonlocal calls
            calls += 1
            used.add(token)
            # The role's token goes into the case itself, so the checks judge the request as sent.
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
            case.call_and_validate(checks=CHECKS)

        try:
            check()
        except Exception as exc:  # every operation is run; all failures are reported together
            failures.append(f"{operation.label}: {exc}")
    print(f"schemathesis {mode.value}: {len(operations)} operations, {calls} calls, "
          f"{time.monotonic() - started:.1f} s")
    assert not failures, "\n\n".join(failures)
    assert used == set(role_tokens)  # every role's token was used
    assert calls >= MAX_EXAMPLES * len(operations)
