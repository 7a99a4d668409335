"""The engine stores each item's due time and each step's duration; the pages read what it stored."""
from datetime import timedelta

import pytest
from django.utils import timezone

from workflow.clock import due_for
from workflow.models import AuditEntry
from workflow.worktime import office_calendar

pytestmark = pytest.mark.django_db


def test_a_transition_stores_the_due_time_of_the_next_step_and_the_minutes_of_the_last(users, order_at):
    order = order_at("VALIDATED")
    order.refresh_from_db()
    # waiting for step 6 (the tariff, 10 office minutes) since the validation
    assert order.due_at == due_for(office_calendar(), "order", "VALIDATED", order.state_entered_at)
    validate = AuditEntry.objects.get(order=order, code="order.validate")
    submit = AuditEntry.objects.get(order=order, code="order.submit")
    assert (validate.subject, validate.object_id) == ("order", order.pk)
    expected = office_calendar().office_minutes_between(submit.at, validate.at)
    assert validate.office_minutes == pytest.approx(expected, abs=1e-6)


def test_an_item_in_a_state_without_a_norm_has_no_due_time(users, order_at):
    order = order_at("VALIDATED")
    from orders import services

    services.cancel_order(users["cs"], order.pk, "Pelanggan membatalkan lewat telepon.")
    order.refresh_from_db()
    assert order.state == "CANCELLED" and order.due_at is None


def test_the_timeline_shows_the_stored_step_time(users, order_at, login):
    order = order_at("VALIDATED")
    validate = AuditEntry.objects.get(order=order, code="order.validate")
    # a stored figure the page could not have computed from the moments themselves
    AuditEntry.objects.filter(pk=validate.pk).update(office_minutes=125)
    page = login(users["cs"]).get(f"/orders/{order.pk}/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "2 jam 5 menit kerja (norma 10 menit)" in page


def test_the_inbox_lists_the_earliest_due_first(users, order_at):
    from workflow.inbox import inbox

    first, second = order_at("SUBMITTED"), order_at("SUBMITTED")
    # the second became due earlier (e.g. it waited over a holiday added later and was recomputed)
    from orders.models import Order

    Order.objects.filter(pk=second.pk).update(due_at=timezone.now() - timedelta(days=2))
    Order.objects.filter(pk=first.pk).update(due_at=timezone.now() - timedelta(days=1))
    orders = [item.obj.pk for item in inbox(users["cs"], "CS") if item.subject == "order"]
    assert orders.index(second.pk) < orders.index(first.pk)


def test_a_customer_does_not_see_the_centres_internal_decisions_on_the_timeline(users, order_at, login):
    from workflow.registry import rows_for

    order = order_at("VALIDATED")
    row = rows_for("report_change.reject")[0]
    AuditEntry.objects.create(actor=users["ketua_pji"], role=row.actor, code=row.code, subject=row.subject,
                              object_id=1, order=order, from_state=row.sources[0], to_state=row.target,
                              note="Catatan internal tim")
    staff = login(users["cs"]).get(f"/orders/{order.pk}/").content.decode()
    customer = login(users["pelanggan"]).get(f"/orders/{order.pk}/").content.decode()
    assert "Catatan internal tim" in staff
    assert "Catatan internal tim" not in customer
