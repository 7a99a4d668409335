"""Each audit entry carries its order's unit, so a unit's reports filter the trail by the entry's own
column (no join to the orders): written by the engine for every transition and record, by any other
writer from the order, and left empty for an account's entries."""
import pytest

from management.access import ReportScope
from orders.models import Order
from orders.tests.test_units import makassar
from units.current import default_unit
from workflow.engine import record
from workflow.models import AuditEntry


@pytest.mark.django_db
def test_every_entry_of_an_order_carries_the_orders_unit(users, order_at):
    order = order_at("VALIDATED")  # steps 4 and 5 through the real services
    entries = AuditEntry.objects.filter(order=order)
    assert entries.count() >= 2
    assert set(entries.values_list("unit_id", flat=True)) == {default_unit().pk}


@pytest.mark.django_db
def test_a_second_units_entries_are_its_own_and_a_units_scope_reads_only_them(users, order_at):
    unit = makassar()
    ours = order_at(None)
    theirs = order_at(None)
    Order.objects.filter(pk=theirs.pk).update(unit=unit)
    theirs.refresh_from_db()
    by_engine = record("document.download", users["cs"], "CS", order=theirs, note="ORD")
    by_hand = AuditEntry.objects.create(actor=users["cs"], role="CS", code="document.download", order_id=theirs.pk)
    account = record("account.visit", users["pelanggan"], "PELANGGAN", account=users["pelanggan"])
    assert by_engine.unit_id == by_hand.unit_id == unit.pk
    assert account.unit_id is None

    scope = ReportScope(users["kepala_balai"], None, frozenset({default_unit().pk}))
    seen = set(AuditEntry.objects.filter(scope.audit_q()).values_list("pk", flat=True))
    assert by_engine.pk not in seen and by_hand.pk not in seen
    assert account.pk in seen  # an account's entry belongs to no unit: every centre reads it
    assert set(AuditEntry.objects.filter(order=ours).values_list("pk", flat=True)) <= seen
