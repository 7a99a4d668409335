"""Step 12 with less clicking: the supervisor picks one analyst for every parameter of an instrument, and
when only one analyst is authorised for the instrument's method that analyst is already picked."""
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AccountState, User, UserRole
from accounts.roles import Role
from core.tests.support import messages_of
from metrology.models import Authorisation
from metrology.services import methods_for
from workflow.states import InstrumentState as I


def second_analyst(inst, authorised=True) -> User:
    """Another analyst of the instrument's laboratory, authorised for its methods unless told otherwise."""
    user = User.objects.create(username="analis_b", full_name="Dewi Lestari", email="analis_b@demo.sippt.local",
                               email_verified=True, state=AccountState.ACTIVE, laboratory_id=inst.laboratory_id)
    UserRole.objects.create(user=user, role=Role.ANALIS)
    if authorised:
        for method in methods_for(inst):
            Authorisation.objects.create(analyst=user, method=method,
                                         granted_on=timezone.localdate() - timedelta(days=30))
    return user


def selected(html: str, name: str) -> str | None:
    """The value of the selected option of the select named `name`, or None."""
    import lxml.html

    [select] = lxml.html.fromstring(html).xpath(f"//select[@name='{name}']")
    values = [o.get("value") for o in select.xpath("option[@selected]")]
    return values[0] if values else None


@pytest.fixture
def balance(order_at):
    order = order_at("IN_LAB")
    return order.instruments.filter(laboratory__code="mass-volume").first()


@pytest.mark.django_db
def test_one_analyst_posted_for_all_parameters_is_assigned_to_every_parameter(balance, users, login):
    other = second_analyst(balance)
    params = list(balance.parameters.all())
    assert len(params) > 1
    # Each parameter's own list left as it was (or pointing elsewhere): the all-parameters choice wins.
    post = {"analyst_all": other.pk, f"analyst_{params[0].pk}": users["analis"].pk, "note": ""}
    response = login(users["penyelia"]).post(f"/lab/instrument/{balance.pk}/assign/", post)
    assert response.status_code == 302, messages_of(response)
    balance.refresh_from_db()
    assert balance.state == I.ASSIGNED
    assert {p.analyst_id for p in balance.parameters.all()} == {other.pk}


@pytest.mark.django_db
def test_an_unauthorised_analyst_for_all_parameters_is_refused_and_the_choice_kept(balance, users, login):
    stranger = second_analyst(balance, authorised=False)
    response = login(users["penyelia"]).post(f"/lab/instrument/{balance.pk}/assign/",
                                             {"analyst_all": stranger.pk, "note": "Mulai Senin."})
    assert response.status_code == 200
    assert any("belum berwenang" in m for m in messages_of(response))
    balance.refresh_from_db()
    assert balance.state == I.RECEIVED and not balance.parameters.filter(analyst__isnull=False).exists()
    assert "Mulai Senin." in response.content.decode()


@pytest.mark.django_db
def test_the_only_authorised_analyst_is_preselected_for_every_parameter(balance, users, login):
    # A second analyst of the laboratory who is not authorised for the method is not offered.
    second_analyst(balance, authorised=False)
    html = login(users["penyelia"]).get(f"/lab/instrument/{balance.pk}/assign/").content.decode()
    assert selected(html, "analyst_all") == str(users["analis"].pk)
    for p in balance.parameters.all():
        assert selected(html, f"analyst_{p.pk}") == str(users["analis"].pk)
    assert "Hanya satu analis yang berwenang" in html


@pytest.mark.django_db
def test_nobody_is_preselected_when_two_analysts_are_authorised(balance, users, login):
    second_analyst(balance)
    html = login(users["penyelia"]).get(f"/lab/instrument/{balance.pk}/assign/").content.decode()
    assert selected(html, "analyst_all") is None
    for p in balance.parameters.all():
        assert selected(html, f"analyst_{p.pk}") is None


@pytest.mark.django_db
def test_per_parameter_choices_still_work_without_the_all_parameters_field(balance, users, login):
    other = second_analyst(balance)
    params = list(balance.parameters.order_by("pk"))
    post = {f"analyst_{p.pk}": (other.pk if n == 0 else users["analis"].pk) for n, p in enumerate(params)}
    post["analyst_all"] = ""
    response = login(users["penyelia"]).post(f"/lab/instrument/{balance.pk}/assign/", post)
    assert response.status_code == 302, messages_of(response)
    assert [p.analyst_id for p in balance.parameters.order_by("pk")] == [other.pk] + [users["analis"].pk] * (
        len(params) - 1)
