"""A step reaches the same service whether it comes from a page (its older address or the generic step
URL) or from the API: both run the service registered for its code in workflow.actions."""
import pytest
from django.test import Client

from api.models import ApiToken, Scope
from workflow.states import InstrumentState, OrderState

BOTH = [Scope.READ, Scope.TRANSITIONS]


def _spy(monkeypatch, module, name):
    """Wrap `module.name`: calls go through to the real service and are recorded as (args, kwargs)."""
    real, calls = getattr(module, name), []

    def spy(*args, **kwargs):
        calls.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


def _api(user, path, body):
    _token, raw = ApiToken.issue(user, "test", BOTH)
    return Client().post(path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.django_db
@pytest.mark.parametrize("web", ["/orders/{pk}/do/validate/", "/workflow/step/order.validate/{pk}/"])
def test_validate_reaches_validate_order_from_the_page_and_the_api(web, users, order_at, login, monkeypatch):
    from orders import services

    calls = _spy(monkeypatch, services, "validate_order")
    by_page, by_api = order_at("SUBMITTED"), order_at("SUBMITTED")
    assert login(users["cs"]).post(web.format(pk=by_page.pk), {"note": "Lengkap."}).status_code == 302
    assert _api(users["cs"], f"/api/orders/{by_api.pk}/transitions/order.validate", {"note": "Lengkap."}).status_code == 200
    assert [(a[0], a[1], a[2]) for a, _kw in calls] == [(users["cs"], by_page.pk, "Lengkap."),
                                                       (users["cs"], by_api.pk, "Lengkap.")]
    for order in (by_page, by_api):
        order.refresh_from_db()
        assert order.state == OrderState.VALIDATED


@pytest.mark.django_db
def test_cancel_with_a_reason_reaches_cancel_order_from_the_page_and_the_api(users, order_at, login, monkeypatch):
    from orders import services

    calls = _spy(monkeypatch, services, "cancel_order")
    by_page, by_api = order_at("PRICED"), order_at("PRICED")
    login(users["pelanggan"]).post(f"/orders/{by_page.pk}/do/cancel/", {"reason": "Anggaran ditunda."})
    _api(users["pelanggan"], f"/api/orders/{by_api.pk}/transitions/order.cancel", {"reason": "Anggaran ditunda."})
    assert [a[1:] for a, _kw in calls] == [(by_page.pk, "Anggaran ditunda."), (by_api.pk, "Anggaran ditunda.")]
    for order in (by_page, by_api):
        order.refresh_from_db()
        assert order.state == OrderState.CANCELLED


@pytest.mark.django_db
def test_returning_an_assignment_reaches_the_lab_service_from_the_page_and_the_api(users, order_at, login,
                                                                                  monkeypatch):
    from lab import services

    calls = _spy(monkeypatch, services, "return_assignment")
    order = order_at("ASSIGNED")
    first, second = order.instruments.filter(state=InstrumentState.ASSIGNED).order_by("pk")[:2]
    login(users["mt"]).post(f"/lab/instrument/{first.pk}/return/", {"reason": "Analis belum berwenang."})
    _api(users["mt"], f"/api/instruments/{second.pk}/transitions/instrument.return_assignment",
         {"reason": "Analis belum berwenang."})
    assert [a[1:] for a, _kw in calls] == [(first.pk, "Analis belum berwenang."),
                                           (second.pk, "Analis belum berwenang.")]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == second.state == InstrumentState.RECEIVED
