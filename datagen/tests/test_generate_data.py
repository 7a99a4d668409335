"""The generated data set: every state reached, audit trails that match the states, numbers that the
numbering service continues without collision, and pages that render on it for every role."""
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from accounts.roles import Role
from billing.models import Payment
from certificates.models import Report
from core.numbering import next_number
from orders.models import Instrument, Order
from workflow.models import AuditEntry
from workflow.states import InstrumentState, OrderState

PAID_OR_LATER = {OrderState.PAID, OrderState.IN_LAB, OrderState.RESULTS_READY, OrderState.NUMBERED,
                 OrderState.AWAITING_SIGNATURE, OrderState.SIGNED, OrderState.FORWARDED, OrderState.SURVEYED,
                 OrderState.COMPLETED, OrderState.RETURNED}


@pytest.fixture
def generated(users):
    call_command("generate_data", orders=40, seed=7, stdout=open("/dev/null", "w"))
    return users


def _trails(subject_field):
    trails = defaultdict(list)
    entries = AuditEntry.objects.exclude(to_state="").order_by("at", "id")
    if subject_field == "order":
        entries = entries.filter(subject="order")
    else:
        entries = entries.filter(subject="instrument")
    for entry in entries:
        trails[getattr(entry, f"{subject_field}_id")].append(entry)
    return trails


@pytest.mark.django_db
def test_every_order_state_is_reached_and_matches_its_audit_trail(generated):
    assert set(Order.objects.values_list("state", flat=True)) == set(OrderState.values)
    trails = _trails("order")
    for order in Order.objects.all():
        trail = trails.get(order.pk, [])
        chain = [OrderState.DRAFT] + [e.to_state for e in trail]
        assert [e.from_state for e in trail] == chain[:-1], order.pk
        assert chain[-1] == order.state, order.pk
        assert all(a.at <= b.at for a, b in zip(trail, trail[1:]))


@pytest.mark.django_db
def test_every_instrument_state_matches_its_audit_trail(generated):
    trails = _trails("instrument")
    states = set()
    for inst in Instrument.objects.all():
        trail = trails.get(inst.pk, [])
        chain = [InstrumentState.AWAITING_RECEPTION] + [e.to_state for e in trail]
        assert [e.from_state for e in trail] == chain[:-1], inst.pk
        assert chain[-1] == inst.state, inst.pk
        states.add(inst.state)
    assert {InstrumentState.VALIDATED, InstrumentState.AWAITING_RECEPTION} <= states


@pytest.mark.django_db
def test_paid_orders_have_exactly_one_payment_and_unpaid_none(generated):
    for order in Order.objects.all():
        payments = Payment.objects.filter(order=order).count()
        assert payments == (1 if order.state in PAID_OR_LATER else payments), order.state
        if order.state in {OrderState.DRAFT, OrderState.SUBMITTED, OrderState.AWAITING_PAYMENT}:
            assert payments == 0


@pytest.mark.django_db
def test_new_work_after_generation_takes_fresh_numbers(generated, order_at):
    """The counters were moved past the generated documents: real work continues without a clash."""
    order = order_at("IN_LAB")
    assert Order.objects.filter(number=order.number).count() == 1
    assert Instrument.objects.filter(sample_id__in=order.instruments.values("sample_id")).count() == \
        order.instruments.count()
    with transaction.atomic():
        report_number = next_number("report")
    assert not Report.objects.filter(number=report_number).exists()


@pytest.mark.django_db
def test_main_pages_render_on_generated_data(generated, login):
    users = generated
    for name in ("pelanggan", "cs"):
        assert login(users[name]).get(reverse("orders:list")).status_code == 200
    for name, role in (("cs", Role.CS), ("ketua_pji", Role.KETUA_PJI), ("bendahara", Role.BENDAHARA),
                       ("penyelia", Role.PENYELIA), ("analis", Role.ANALIS), ("mt", Role.MT),
                       ("kepala_balai", Role.KEPALA_BALAI), ("pelanggan", Role.PELANGGAN)):
        assert login(users[name]).get(reverse("workflow:inbox", args=[role])).status_code == 200, name
    client = login(users["cs"])
    for state in OrderState.values:
        order = Order.objects.filter(state=state).first()
        response = client.get(reverse("orders:detail", args=[order.pk]))
        assert response.status_code == 200, state
        if order.number:
            assert order.number in response.content.decode()
    own = Order.objects.filter(company=users["pelanggan"].company).exclude(state=OrderState.DRAFT).first()
    if own is not None:
        assert login(users["pelanggan"]).get(reverse("orders:detail", args=[own.pk])).status_code == 200
    assert login(users["bendahara"]).get(reverse("billing:desk")).status_code == 200


@pytest.mark.django_db
def test_orders_in_the_laboratory_have_instruments_at_every_laboratory_step(users):
    from datagen.generate import generate

    generate(15, seed=3, companies=2, only_states=[OrderState.IN_LAB], log=lambda m: None)
    assert set(Order.objects.values_list("state", flat=True)) == {OrderState.IN_LAB}
    states = set(Instrument.objects.values_list("state", flat=True))
    assert {InstrumentState.RECEIVED, InstrumentState.ASSIGNED, InstrumentState.IN_CALIBRATION,
            InstrumentState.RESULTS_ENTERED, InstrumentState.VERIFIED, InstrumentState.VALIDATED} <= states
    for order in Order.objects.all():  # one still in the laboratory, else the order would have moved on
        assert order.instruments.exclude(state__in=[InstrumentState.VALIDATED, InstrumentState.REJECTED]).exists()


@pytest.mark.django_db
def test_stored_step_durations_are_what_the_backfill_computes(generated):
    """Every entry carries the item it is about and the office minutes the engine would have stored: the
    same figure `backfill_office_minutes` computes from the previous transition of the item (or the
    order's creation for the first move of an item of an order); creations, actions that move nothing
    and documents without a clock have none."""
    from workflow.durations import backfill_office_minutes

    entries = {e.pk: e for e in AuditEntry.objects.all()}
    assert all(e.object_id is not None and e.subject for e in entries.values())
    AuditEntry.objects.update(office_minutes=None)
    assert backfill_office_minutes() > 0
    backfilled = dict(AuditEntry.objects.values_list("pk", "office_minutes"))
    for pk, entry in entries.items():
        if backfilled[pk] is None:
            assert entry.office_minutes is None, entry.code
        else:
            assert entry.office_minutes == pytest.approx(backfilled[pk], abs=1e-6), entry.code
    assert sum(m is not None for m in backfilled.values()) > len(entries) / 2


@pytest.mark.django_db
def test_due_times_are_what_the_engine_writes(generated):
    from workflow.clock import due_for
    from workflow.worktime import office_calendar

    calendar, waiting = office_calendar(), 0
    for subject, model in (("order", Order), ("instrument", Instrument)):
        for item in model.objects.all():
            expected = due_for(calendar, subject, item.state, item.state_entered_at)
            assert item.due_at == expected, (subject, item.state)
            waiting += expected is not None
    assert waiting > 10


@pytest.mark.django_db
def test_documents_have_the_lifecycles_the_services_record(generated):
    """E-billings, proofs of payment, refunds and reports: a creation entry under their creation row's
    code, then transitions that end in their stored status, all on their order's timeline."""
    from billing.models import Billing, BillingStatus, PaymentProof, RefundRequest
    from workflow.registry import SUBJECTS, rows_for

    kinds = {"billing": (Billing, "billing.issue"), "payment_proof": (PaymentProof, "payment_proof.upload"),
             "refund": (RefundRequest, "refund.request"), "report": (Report, "report.number")}
    trails = defaultdict(list)
    for entry in AuditEntry.objects.filter(subject__in=kinds).order_by("at", "id"):
        trails[(entry.subject, entry.object_id)].append(entry)
    for name, (model, creation) in kinds.items():
        items = list(model.objects.all())
        assert items, name
        for item in items:
            created, *moves = trails[(name, item.pk)]
            first = model._meta.get_field("status").default
            assert (created.code, created.from_state, created.to_state, created.order_id) == (
                creation, "", first, item.order_id)
            assert rows_for(creation)[0].sources == () and rows_for(creation)[0].target == first
            chain = [first] + [e.to_state for e in moves]
            assert [e.from_state for e in moves] == chain[:-1], (name, item.pk)
            assert chain[-1] == item.status, (name, item.pk)
            assert all(e.order_id == item.order_id and rows_for(e.code)[0].subject == name for e in moves)
            assert SUBJECTS[name].order_id_of(item) == item.order_id
    assert {BillingStatus.PAID, BillingStatus.EXPIRED} <= set(Billing.objects.values_list("status", flat=True))
    assert Report.objects.filter(status="SIGNED").exists()
