"""The role × transition matrix: only a row's actor may take it, only from the row's sources, only in scope."""
import pytest

from accounts.models import User
from accounts.roles import SYSTEM
from workflow.engine import TransitionNotAllowed, authorize
from workflow.states import STATES_BY_SUBJECT
from workflow.table import TRANSITIONS, rows_for

DEMO = {"PELANGGAN": "pelanggan", "ADMIN": "admin", "CS": "cs", "KETUA_PJI": "ketua_pji",
        "BENDAHARA": "bendahara", "PENYELIA": "penyelia", "MT": "mt", "ANALIS": "analis",
        "KEPALA_BALAI": "kepala_balai"}
HUMAN_ROWS = [t for t in TRANSITIONS if t.actor != SYSTEM]


@pytest.fixture
def subjects(users, order_at):
    """Objects in scope of every demo account (pelanggan's order; a mass-lab instrument whose
    parameters are assigned to analis; pelanggan's own account). Probes set .state in memory:
    authorize reads only the state and the scope."""
    order = order_at("IN_CALIBRATION")
    inst = order.instruments.get(laboratory__code="mass-volume", serial_number="B0001-XS")
    account = User.objects.get(pk=users["pelanggan"].pk)
    return {"order": order, "instrument": inst, "account": account}


def _probe(obj, state):
    obj.state = state
    return obj


def _fresh(users, role):
    user = User.objects.get(pk=users[DEMO[role]].pk)
    assert user.role_codes == {role}
    return user


@pytest.mark.django_db
def test_every_role_but_the_actor_is_refused_every_human_row(users, subjects):
    for row in HUMAN_ROWS:
        actors = {r.actor for r in rows_for(row.code)}
        states = row.sources or tuple(STATES_BY_SUBJECT[row.subject].values)
        for role in DEMO:
            if role in actors:
                continue
            user = _fresh(users, role)
            for state in states:
                with pytest.raises(TransitionNotAllowed):
                    authorize(_probe(subjects[row.subject], state), row.code, user)


@pytest.mark.django_db
def test_the_actor_may_take_the_row_from_each_source_state(users, subjects):
    for row in HUMAN_ROWS:
        user = _fresh(users, row.actor)
        for state in row.sources:
            assert authorize(_probe(subjects[row.subject], state), row.code, user) == row, (row.code, state)


@pytest.mark.django_db
def test_the_actor_is_refused_from_every_state_not_a_source(users, subjects):
    for row in HUMAN_ROWS:
        user = _fresh(users, row.actor)
        for state in STATES_BY_SUBJECT[row.subject].values:
            if state in row.sources:
                continue
            with pytest.raises(TransitionNotAllowed):
                authorize(_probe(subjects[row.subject], state), row.code, user)


@pytest.mark.django_db
def test_no_person_may_take_a_system_row(users, subjects):
    for row in (t for t in TRANSITIONS if t.actor == SYSTEM):
        for role in DEMO:
            for state in row.sources:
                with pytest.raises(TransitionNotAllowed):
                    authorize(_probe(subjects[row.subject], state), row.code, _fresh(users, role))


@pytest.mark.django_db
def test_the_actor_is_refused_out_of_scope(users, subjects, order_at):
    other_order = order_at("SUBMITTED", customer="pelanggan2")
    with pytest.raises(TransitionNotAllowed):
        authorize(other_order, "order.cancel", _fresh(users, "PELANGGAN"))
    inst = subjects["instrument"]
    for user, code, state in ((users["penyelia2"], "instrument.assign", "RECEIVED"),
                              (users["penyelia2"], "instrument.verify", "RESULTS_ENTERED"),
                              (users["analis2"], "instrument.submit_results", "IN_CALIBRATION")):
        with pytest.raises(TransitionNotAllowed):
            authorize(_probe(inst, state), code, User.objects.get(pk=user.pk))
    stranger = User.objects.get(pk=users["pelanggan2"].pk)
    with pytest.raises(TransitionNotAllowed):
        authorize(_probe(subjects["account"], "ON_WEBSITE"), "account.register", stranger)


@pytest.mark.django_db
def test_an_inactive_person_may_not_act(users, subjects):
    cs = _fresh(users, "CS")
    cs.is_active = False
    with pytest.raises(TransitionNotAllowed):
        authorize(_probe(subjects["order"], "SUBMITTED"), "order.validate", cs)
