"""The role × transition matrix: only a row's actor may take it, only from the row's sources, only in scope."""
import pytest

from accounts.models import User
from accounts.roles import SYSTEM
from workflow.engine import TransitionNotAllowed, authorize, authorize_creation
from workflow.registry import SUBJECTS
from workflow.table import TRANSITIONS, rows_for

DEMO = {"PELANGGAN": "pelanggan", "ADMIN": "admin", "CS": "cs", "KETUA_PJI": "ketua_pji",
        "BENDAHARA": "bendahara", "PENYELIA": "penyelia", "MT": "mt", "ANALIS": "analis",
        "KEPALA_BALAI": "kepala_balai", "ADMIN_PUSAT": "admin_pusat"}
HUMAN_ROWS = [t for t in TRANSITIONS if t.actor != SYSTEM]


def _states(subject: str):
    return tuple(SUBJECTS[subject].states.values)


@pytest.fixture
def subjects(users, order_at):
    """One object of every registered subject in scope of every demo account (pelanggan's order; a
    mass-lab instrument whose parameters are assigned to analis; pelanggan's own account; that order's
    documents, complaint and pelanggan's data request, unsaved). Probes set the state in memory:
    authorize reads only the state and the scope."""
    from accounts.models import PersonalDataRequest
    from billing.models import Billing, PaymentProof, RefundRequest
    from certificates.models import Report, ReportChange
    from complaints.models import Complaint

    if "admin_pusat" not in users:  # the central admin (a national role, held in no unit)
        from accounts.models import UserRole

        users["admin_pusat"] = User.objects.create_user(username="admin_pusat", email="pusat@example.com",
                                                        password="x", full_name="Admin Pusat")
        UserRole.objects.create(user=users["admin_pusat"], role="ADMIN_PUSAT")
    order = order_at("IN_CALIBRATION")
    inst = order.instruments.get(laboratory__code="mass-volume", serial_number="B0001-XS")
    account = User.objects.get(pk=users["pelanggan"].pk)
    report = Report(order=order, instrument=inst, number="PROBE")
    probes = {"order": order, "instrument": inst, "account": account,
              "billing": Billing(order=order), "payment_proof": PaymentProof(order=order),
              "refund": RefundRequest(order=order), "report": report,
              "report_change": ReportChange(report=report),
              "complaint": Complaint(order=order, company=order.company, raised_by=account),
              "data_request": PersonalDataRequest(user=account)}
    missing = set(SUBJECTS) - set(probes)
    assert not missing, f"add a probe of each new subject: {missing}"
    return probes


def _probe(obj, state, user=None):
    """The object in `state`; a complaint is the acting person's own assignment."""
    from workflow.registry import subject_of

    setattr(obj, subject_of(obj).state_field, state)
    if user is not None and hasattr(obj, "assignee_id"):
        obj.assignee = user
    return obj


def _fresh(users, role):
    user = User.objects.get(pk=users[DEMO[role]].pk)
    assert user.role_codes == {role}
    return user


@pytest.mark.django_db
def test_every_role_but_the_actor_is_refused_every_human_row(users, subjects):
    for row in HUMAN_ROWS:
        actors = {r.actor for r in rows_for(row.code)}
        states = row.sources or _states(row.subject)
        for role in DEMO:
            if role in actors:
                continue
            user = _fresh(users, role)
            for state in states:
                with pytest.raises(TransitionNotAllowed):
                    authorize(_probe(subjects[row.subject], state, user), row.code, user)
            if not row.sources:  # a creation: refused to everyone but its actors
                with pytest.raises(TransitionNotAllowed):
                    authorize_creation(row.code, user, subjects[row.subject])


@pytest.mark.django_db
def test_the_actor_may_take_the_row_from_each_source_state(users, subjects):
    for row in HUMAN_ROWS:
        user = _fresh(users, row.actor)
        for state in row.sources:
            assert authorize(_probe(subjects[row.subject], state, user), row.code, user) == row, (row.code, state)


@pytest.mark.django_db
def test_the_actor_is_refused_from_every_state_not_a_source(users, subjects):
    for row in HUMAN_ROWS:
        user = _fresh(users, row.actor)
        # the same code may leave other states in another of the actor's rows (a complaint reopened
        # from "answered" or from "closed")
        sources = {s for r in rows_for(row.code) if r.actor == row.actor for s in r.sources}
        for state in _states(row.subject):
            if state in sources:
                continue
            with pytest.raises(TransitionNotAllowed):
                authorize(_probe(subjects[row.subject], state, user), row.code, user)


@pytest.mark.django_db
def test_no_person_may_take_a_system_row(users, subjects):
    for row in (t for t in TRANSITIONS if t.actor == SYSTEM):
        for role in DEMO:
            for state in row.sources:
                with pytest.raises(TransitionNotAllowed):
                    authorize(_probe(subjects[row.subject], state, _fresh(users, role)), row.code,
                              _fresh(users, role))


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
