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

    assert run_check() == "4 invariant violation(s)"
    err = capsys.readouterr().err
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
