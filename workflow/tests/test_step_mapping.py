"""The one mapping from transition code to service (workflow.actions): every step a person takes is in
it or named with the page it has of its own, and the generic step form and URL follow it."""
import pytest
from django.template import Context, Template
from django.test import RequestFactory

from accounts.roles import SYSTEM
from workflow import actions
from workflow.table import TRANSITIONS, codes
from workflow.states import OrderState


def test_every_human_row_of_the_sop_table_has_a_step_or_a_named_place():
    human = {t.code for t in TRANSITIONS if t.actor != SYSTEM}
    missing = sorted(c for c in human if c not in actions.STEPS and not actions.ELSEWHERE.get(c, "").strip())
    assert not missing, f"human rows with no step in workflow.actions and no reason: {missing}"
    assert not set(actions.STEPS) & set(actions.ELSEWHERE), "a code both mapped and said to be elsewhere"


def test_every_step_names_a_row_and_a_way_to_take_it():
    known = set(codes())
    for code, step in actions.STEPS.items():
        assert code in known, f"{code}: a step of no row of the SOP table"
        assert code.startswith(f"{step.subject}."), code
        if step.own_page:
            continue  # its page (or the API and the demo) runs the service with its own input
        assert step.subject in actions.PAGES, f"{code}: no page for {step.subject}"
        assert str(step.button).strip() and str(step.success).strip() or callable(step.success), code


def test_rich_steps_stay_on_their_own_pages():
    for code in ("order.approve_tariff", "order.receive", "order.sign", "order.submit_payment",
                 "instrument.submit_results", "instrument.verify", "order.fill_survey"):
        assert actions.step(code).own_page, code


@pytest.mark.django_db
def test_the_generic_url_refuses_unknown_codes_and_rich_steps(users, order_at, login):
    order = order_at("VALIDATED")
    client = login(users["ketua_pji"])
    assert client.post(f"/workflow/step/order.approve_tariff/{order.pk}/").status_code == 404
    assert client.post(f"/workflow/step/order.nothing/{order.pk}/").status_code == 404
    assert client.get(f"/workflow/step/order.cancel/{order.pk}/").status_code == 405
    order.refresh_from_db()
    assert order.state == OrderState.VALIDATED


@pytest.mark.django_db
def test_the_generic_url_takes_the_step_and_goes_back_to_the_page(users, order_at, login):
    order = order_at("PRICED")
    client = login(users["pelanggan"])
    response = client.post(f"/workflow/step/order.cancel/{order.pk}/", {"reason": "Tidak jadi."})
    assert response.status_code == 302 and response.url == f"/orders/{order.pk}/"
    order.refresh_from_db()
    assert order.state == OrderState.CANCELLED and order.cancel_reason == "Tidak jadi."


@pytest.mark.django_db
def test_the_generic_url_hides_an_order_the_person_may_not_see(users, order_at, login):
    order = order_at("PRICED")
    client = login(users["pelanggan2"])
    assert client.post(f"/workflow/step/order.cancel/{order.pk}/", {"reason": "x"}).status_code == 404
    order.refresh_from_db()
    assert order.state == OrderState.PRICED


def _render(source, **context):
    request = RequestFactory().get("/")
    return Template("{% load steps %}" + source).render(Context({"request": request, **context}))


@pytest.mark.django_db
def test_step_form_renders_nothing_unless_the_page_allows_the_code(users, order_at):
    order = order_at("SUBMITTED")
    assert _render('{% step_form order "order.validate" %}', order=order, allowed_codes={"order.cancel"}).strip() == ""
    html = _render('{% step_form order "order.validate" %}', order=order, allowed_codes={"order.validate"})
    assert f'action="/workflow/step/order.validate/{order.pk}/"' in html
    assert 'id="validate_note"' in html and "Validasi dan beri nomor order" in html


@pytest.mark.django_db
def test_step_form_shows_the_form_sent_back_as_typed_with_its_message(users, order_at):
    order = order_at("PRICED")
    form = actions.step("order.cancel").make_form({"reason": "y" * 2001})
    assert not form.is_valid()
    html = _render('{% step_form order "order.cancel" summary="Batalkan pesanan" button_class="btn-danger" %}',
                   order=order, actions={"order.cancel"}, step_forms={"order.cancel": form},
                   step_actions={"order.cancel": f"/orders/{order.pk}/do/cancel/"})
    assert "<details open>" in html and "y" * 2001 in html and "errorlist" in html
    assert f'action="/orders/{order.pk}/do/cancel/"' in html and 'class="btn-danger"' in html
