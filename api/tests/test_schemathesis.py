"""schemathesis against /api/openapi.json through the WSGI app, with a customer's token: no request it
generates, valid or deliberately invalid, may get a server error or a response the schema does not
describe. Bounded (a few examples per operation and mode) so it fits CI."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.models import ApiToken, Scope

MAX_EXAMPLES = 10
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def customer_token(users, order_at):
    """A customer with an order awaiting payment; another company's order exists too."""
    order_at("AWAITING_PAYMENT", customer="pelanggan")
    order_at("SUBMITTED", customer="pelanggan2")
    _token, raw = ApiToken.issue(users["pelanggan"], "schemathesis", [Scope.READ, Scope.TRANSITIONS])
    return raw


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
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_never_errs_nor_breaks_its_schema(customer_token, mode, connection_kept_across_requests):
    from sippt.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    headers = {"Authorization": f"Bearer {customer_token}"}
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()
