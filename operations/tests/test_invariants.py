"""`check_invariants` passes on data made by the real services and names each deliberately broken row.

(Report numbers are also held unique by a database constraint, so that check cannot be broken here;
it guards data loaded from elsewhere, e.g. a restored backup.)"""
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from billing.models import Payment
from orders.models import Instrument, Order
from workflow.states import InstrumentState, OrderState


def run_check():
    try:
        call_command("check_invariants", verbosity=0)
    except CommandError as exc:
        return str(exc)
    return ""


@pytest.mark.django_db
def test_invariants_hold_on_real_data_and_each_broken_row_is_named(order_at, users, capsys):

    paid, ready, draft = order_at("PAID"), order_at("RESULTS_READY"), order_at(None)
    call_command("check_invariants")
    assert "All invariants hold" in capsys.readouterr().out

    # A state changed behind the audit trail's back (order and instrument).
    Order.objects.filter(pk=paid.pk).update(state=OrderState.IN_LAB)
    instrument = ready.instruments.first()
    Instrument.objects.filter(pk=instrument.pk).update(state=InstrumentState.REJECTED)
    # A paid order whose payment is gone.
    Payment.objects.filter(order=ready).delete()
    # An order moved on without any transition recorded.
    Order.objects.filter(pk=draft.pk).update(state=OrderState.SUBMITTED)

    assert run_check() == "6 invariant violation(s)"
    err = capsys.readouterr().err
    # the states moved behind the engine's back left their due times behind too
    assert f"order #{paid.pk} is IN_LAB, a state without a deadline, but has a due time" in err
    assert f"order #{draft.pk} waits in SUBMITTED since" in err
    assert f"order #{paid.pk} is IN_LAB but its audit trail ends at PAID" in err
    assert f"instrument #{instrument.pk} is REJECTED but its audit trail ends at VALIDATED" in err
    assert f"order {ready.number} is RESULTS_READY but has 0 payments (expected exactly 1)" in err
    assert f"order #{draft.pk} is SUBMITTED but has no audit entry bringing it there" in err


@pytest.mark.django_db
def test_a_broken_chain_in_the_audit_trail_is_reported(order_at, capsys):
    from workflow.models import AuditEntry

    order = order_at("SUBMITTED")
    AuditEntry.objects.create(actor=None, role="SYSTEM", code="order.validate", subject="order", order=order,
                              from_state=OrderState.PRICED, to_state=OrderState.SUBMITTED)
    assert run_check()
    assert "starts from PRICED but the trail was at SUBMITTED" in capsys.readouterr().err


@pytest.mark.django_db
def test_a_wrong_or_missing_due_time_is_reported_and_a_second_is_tolerated(order_at, capsys):
    from datetime import timedelta

    from workflow.clock import due_for
    from workflow.worktime import office_calendar

    order = order_at("VALIDATED")
    due = due_for(office_calendar(), "order", order.state, order.state_entered_at)
    assert order.due_at == due is not None
    Order.objects.filter(pk=order.pk).update(due_at=due + timedelta(milliseconds=900))
    assert run_check() == ""
    Order.objects.filter(pk=order.pk).update(due_at=due + timedelta(days=1))
    assert run_check() == "1 invariant violation(s)"
    assert f"[due times] order #{order.pk} waits in VALIDATED since" in capsys.readouterr().err
    Order.objects.filter(pk=order.pk).update(due_at=None)
    assert run_check() == "1 invariant violation(s)"
    assert "but its due time says none" in capsys.readouterr().err


@pytest.mark.django_db
def test_recent_transitions_without_their_step_duration_are_reported(order_at, monkeypatch, capsys):
    """A transition whose start is known (an order's step; an instrument's second step) must store its
    office minutes; an instrument's first step written before the engine stored durations has no known
    start, and entries older than the window are not read."""
    from datetime import timedelta

    from django.utils import timezone

    from operations import invariants
    from workflow.models import AuditEntry

    order = order_at("RESULTS_READY")
    assert run_check() == ""
    entries = AuditEntry.objects.exclude(to_state="")
    submit = entries.get(order=order, code="order.submit")
    inst = order.instruments.order_by("pk").first()
    first, second = entries.filter(subject="instrument", object_id=inst.pk).order_by("at", "pk")[:2]
    entries.filter(pk__in=[submit.pk, first.pk, second.pk]).update(office_minutes=None)
    assert run_check() == "2 invariant violation(s)"
    err = capsys.readouterr().err
    assert f"audit entry #{submit.pk} (order.submit, order #{order.pk}" in err
    assert f"audit entry #{second.pk} ({second.code}, instrument #{inst.pk}" in err
    assert f"#{first.pk} " not in err

    entries.filter(pk=submit.pk).update(at=timezone.now() - timedelta(days=40))
    assert run_check() == "1 invariant violation(s)"
    capsys.readouterr()
    with pytest.raises(CommandError, match=r"^2 invariant violation\(s\)$"):
        call_command("check_invariants", days=60, verbosity=0)

    monkeypatch.setattr(invariants, "LISTED", 1)  # a long list is cut, with the rest counted
    assert run_check() == "1 invariant violation(s)"
    assert "more transitions" not in capsys.readouterr().err
    later = entries.filter(subject="instrument", object_id=inst.pk).exclude(pk__in=[first.pk, second.pk])
    assert later.update(office_minutes=None) >= 2
    assert run_check() == "2 invariant violation(s)"
    assert f"[step durations] ... and {later.count()} more transitions without a duration" in capsys.readouterr().err
