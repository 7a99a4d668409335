"""Step 17: the team head gives each validated instrument its E-LHU number."""
import re

import pytest

from certificates import services
from certificates.models import Report
from demo.steps import approve_assignment, assign
from lab.services import reject_at_check
from results import demo as results_demo
from workflow.engine import TransitionNotAllowed
from workflow.states import InstrumentState, OrderState

NUMBER = re.compile(r"^\d{4}/LHU/BSPJI/(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)/\d{4}$")


def test_each_validated_instrument_gets_one_number_in_the_configured_format(users, ready):
    reports = services.number_reports(users["ketua_pji"], ready.pk)
    ready.refresh_from_db()
    assert ready.state == OrderState.NUMBERED
    assert len(reports) == ready.instruments.count() == 3
    assert all(NUMBER.match(r.number) for r in reports)
    assert len({r.number for r in reports}) == 3
    assert ready.audit_entries.filter(code="order.number_reports", data__reports=[r.number for r in reports]).exists()


def test_numbers_continue_across_orders_and_are_never_reused(users, order_at):
    first = services.number_reports(users["ketua_pji"], order_at("RESULTS_READY").pk)
    second = services.number_reports(users["ketua_pji"], order_at("RESULTS_READY").pk)
    seqs = [int(r.number[:4]) for r in first + second]
    assert seqs == sorted(seqs) and len(set(seqs)) == 6
    assert Report.objects.count() == 6


def test_a_rejected_instrument_gets_no_report(users, order_at):
    order = order_at("IN_LAB")
    rejected = order.instruments.filter(laboratory__code="mass-volume").first()
    reject_at_check(users["penyelia"], rejected.pk, "Piringan timbang retak.")
    for step in (assign, approve_assignment, results_demo.enter_and_submit, results_demo.verify,
                 results_demo.validate):
        step(users, order)
    order.refresh_from_db()
    assert order.state == OrderState.RESULTS_READY

    reports = services.number_reports(users["ketua_pji"], order.pk)

    assert rejected.pk not in {r.instrument_id for r in reports}
    assert {r.instrument_id for r in reports} == set(
        order.instruments.filter(state=InstrumentState.VALIDATED).values_list("pk", flat=True))


def test_only_the_team_head_numbers_reports(users, ready):
    with pytest.raises(TransitionNotAllowed):
        services.number_reports(users["cs"], ready.pk)
    assert not Report.objects.exists()


def test_numbering_twice_is_refused(users, ready):
    services.number_reports(users["ketua_pji"], ready.pk)
    with pytest.raises(TransitionNotAllowed):
        services.number_reports(users["ketua_pji"], ready.pk)
    assert Report.objects.count() == 3
