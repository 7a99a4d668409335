"""A holiday added to the office calendar moves the deadlines of items already waiting: once the change
commits, a task writes their due times again, and the inbox sorts by the new ones. `manage.py
recompute_due_at` does the same for an operator."""
from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command

from accounts.roles import Role
from orders.models import Order
from workflow.clock import due_for
from workflow.inbox import inbox
from workflow.models import CalendarException
from workflow.worktime import WIB, office_calendar


def _three_working_days():
    """Three consecutive working days a few weeks ahead (no exception of the admin's in between)."""
    calendar = office_calendar()
    before = calendar.next_working_day(datetime.now(WIB).date() + timedelta(days=21))
    day = calendar.next_working_day(before)
    return before, day, calendar.next_working_day(day)


def _waiting_since(order, moment) -> Order:
    """The order as if it had entered its state at `moment` (the engine's clock, written at that time)."""
    Order.objects.filter(pk=order.pk).update(
        state_entered_at=moment, due_at=due_for(office_calendar(), "order", order.state, moment))
    return Order.objects.get(pk=order.pk)


def _cs_inbox(users) -> list[int]:
    return [item.obj.pk for item in inbox(users["cs"], Role.CS) if item.subject == "order"]


@pytest.mark.django_db
def test_a_holiday_in_a_waiting_steps_window_moves_its_deadline_one_working_day(
        order_at, users, django_capture_on_commit_callbacks):
    before, day, after = _three_working_days()
    # To receive (30 office minutes), waiting since one minute before closing: due early on `day`.
    paid = _waiting_since(order_at("PAID"), datetime.combine(before, time(15, 59), WIB))
    # To validate (10 office minutes), arrived at the opening of the day after: not touched by `day`.
    submitted = _waiting_since(order_at("SUBMITTED"), datetime.combine(after, time(7, 30), WIB))
    assert paid.due_at == datetime.combine(day, time(7, 59), WIB)
    assert submitted.due_at == datetime.combine(after, time(7, 40), WIB)
    assert _cs_inbox(users) == [paid.pk, submitted.pk]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        CalendarException.objects.create(date=day, description="Cuti bersama")
        assert Order.objects.get(pk=paid.pk).due_at == paid.due_at  # nothing moves before the commit
    assert callbacks  # the task was enqueued on commit (and run by the immediate backend of the tests)

    moved = Order.objects.get(pk=paid.pk)
    assert moved.due_at == datetime.combine(after, time(7, 59), WIB)  # the same office time, a working day later
    assert Order.objects.get(pk=submitted.pk).due_at == submitted.due_at
    assert _cs_inbox(users) == [submitted.pk, paid.pk]

    with django_capture_on_commit_callbacks(execute=True):
        CalendarException.objects.filter(date=day).delete()  # a deletion moves it back
    assert Order.objects.get(pk=paid.pk).due_at == paid.due_at
    assert _cs_inbox(users) == [paid.pk, submitted.pk]


@pytest.mark.django_db
def test_a_task_for_an_older_calendar_version_leaves_the_work_to_the_newer_one(order_at):
    from workflow.models import CalendarVersion
    from workflow.tasks import recompute_due_times

    before, day, _after = _three_working_days()
    paid = _waiting_since(order_at("PAID"), datetime.combine(before, time(15, 59), WIB))
    CalendarException.objects.create(date=day, description="Cuti bersama")  # no commit here: no task ran
    assert recompute_due_times.call(CalendarVersion.current() - 1) == {}
    assert Order.objects.get(pk=paid.pk).due_at == paid.due_at
    assert recompute_due_times.call(CalendarVersion.current())["order"] == 1
    assert Order.objects.get(pk=paid.pk).due_at > paid.due_at


@pytest.mark.django_db
def test_the_operators_command_writes_stale_due_times_again(order_at, capsys):
    order = order_at("SUBMITTED")
    right = order.due_at
    assert right is not None
    Order.objects.filter(pk=order.pk).update(due_at=right + timedelta(days=3))
    call_command("recompute_due_at")
    out = capsys.readouterr().out
    assert "order: 1" in out and "1 due time(s) moved." in out
    assert Order.objects.get(pk=order.pk).due_at == right
    call_command("recompute_due_at")
    assert "0 due time(s) moved." in capsys.readouterr().out
