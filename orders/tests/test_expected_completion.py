"""The expected report date: the norms of the SOP steps still ahead, on the office calendar, with a
fixed clock across a weekend and a national holiday (17 August, Independence Day)."""
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from orders.completion import expected_completion
from workflow.states import InstrumentState as I
from workflow.states import OrderState as O
from workflow.worktime import OfficeCalendar

WIB = ZoneInfo("Asia/Jakarta")
# After the calibration (step 14), steps 15-20 take 20 + 20 + 20 + 20 + 30 + 5 = 115 office minutes.


def at(*args):
    return datetime(*args, tzinfo=WIB)


def order(state, entered_at, *instruments):
    return SimpleNamespace(state=state, state_entered_at=entered_at), [
        SimpleNamespace(state=s, state_entered_at=e) for s, e in instruments]


def test_a_signed_order_late_on_friday_expects_the_report_after_the_weekend_and_the_holiday():
    calendar = OfficeCalendar()
    signed, _ = order(O.SIGNED, at(2026, 8, 14, 15, 58))  # Friday; Monday 17 August is a holiday
    assert expected_completion(signed, calendar, now=at(2026, 8, 14, 15, 58), instruments=[]) == at(2026, 8, 18, 7, 33)
    # A day the admin adds as a day off moves it again.
    calendar = OfficeCalendar(extra_days_off=[datetime(2026, 8, 18).date()])
    assert expected_completion(signed, calendar, now=at(2026, 8, 14, 15, 58), instruments=[]) == at(2026, 8, 19, 7, 33)


def test_in_the_laboratory_the_slowest_instrument_sets_the_date_in_working_days():
    calendar = OfficeCalendar()
    in_lab, instruments = order(
        O.IN_LAB, at(2026, 8, 10, 7, 45),
        (I.IN_CALIBRATION, at(2026, 8, 10, 8, 0)),  # Monday; 14 working days skip 17 and 25 August
        (I.VERIFIED, at(2026, 8, 11, 9, 0)),
        (I.REJECTED, at(2026, 8, 10, 7, 45)),
    )
    expected = expected_completion(in_lab, calendar, now=at(2026, 8, 12, 9, 0), instruments=instruments)
    assert expected == at(2026, 9, 1, 9, 55)  # due 1 September 08:00, then 115 office minutes

    # The order moves: results entered early, the date comes forward the same day.
    instruments[0].state, instruments[0].state_entered_at = I.RESULTS_ENTERED, at(2026, 8, 20, 10, 0)
    assert expected_completion(in_lab, calendar, now=at(2026, 8, 20, 10, 0), instruments=instruments) \
        == at(2026, 8, 20, 11, 55)


def test_an_overdue_step_counts_from_now_and_finished_or_cancelled_orders_have_no_date():
    calendar = OfficeCalendar()
    signed, _ = order(O.SIGNED, at(2026, 8, 3, 8, 0))  # step 20 should have been done on 3 August
    assert expected_completion(signed, calendar, now=at(2026, 8, 12, 9, 0), instruments=[]) == at(2026, 8, 12, 9, 0)
    for state in (O.DRAFT, O.CANCELLED, O.FORWARDED, O.COMPLETED):
        finished, _ = order(state, at(2026, 8, 3, 8, 0))
        assert expected_completion(finished, calendar, now=at(2026, 8, 12, 9, 0), instruments=[]) is None


def test_before_payment_the_date_includes_the_whole_laboratory_road():
    calendar = OfficeCalendar()
    submitted, _ = order(O.SUBMITTED, at(2026, 8, 10, 8, 0))
    expected = expected_completion(submitted, calendar, now=at(2026, 8, 10, 8, 0), instruments=[])
    # steps 5-8, 10, 11 (10+10+10+15+15+30 min; payment has no norm) and 12-13 (40 min): Monday 10:10;
    # 14 working days: Tuesday 1 September 10:10; then 115 office minutes.
    assert expected == at(2026, 9, 1, 12, 5)


@pytest.mark.django_db
def test_the_order_page_and_the_customers_list_show_the_expected_date(users, order_at, login):
    from core.templatetags.sippt import tanggal
    from workflow.worktime import office_calendar

    order = order_at("IN_CALIBRATION")
    shown = tanggal(expected_completion(order, office_calendar()))
    client = login(users["pelanggan"])
    detail = client.get(f"/orders/{order.pk}/").content.decode()
    assert "Perkiraan LHU selesai" in detail and shown in detail
    assert shown in client.get("/orders/").content.decode()


@pytest.mark.parametrize("subject, state, stop", [
    ("order", O.RESULTS_READY, O.FORWARDED), ("order", O.SUBMITTED, O.IN_LAB),
    ("instrument", I.RECEIVED, I.VALIDATED), ("instrument", I.IN_CALIBRATION, I.VALIDATED)])
def test_the_steps_ahead_laid_together_land_where_laid_one_by_one(subject, state, stop):
    """The office minutes of steps in a row are laid as one move; from any moment (at opening, at closing
    time, in the evening, on a weekend, before the holiday) the date is the one each step's norm laid in
    turn gives."""
    from orders.completion import _chain, _rest, _walk
    from workflow.sla import due_at

    calendar = OfficeCalendar()
    chain = _chain(subject, state, stop)
    assert len(chain) > 2
    moments = [at(2026, 8, 14, h, m) for h, m in ((7, 30), (9, 0), (15, 20), (15, 59), (16, 0), (16, 1), (20, 0))]
    moments += [at(2026, 8, 15, 10, 0), at(2026, 8, 16, 23, 59), at(2026, 8, 18, 7, 29)]
    for moment in moments:
        one_by_one = moment
        for row in chain[1:]:
            one_by_one = due_at(calendar, row, one_by_one) or one_by_one
        assert _rest(calendar, subject, state, moment, stop, chain, None) == one_by_one, moment
        assert _rest(calendar, subject, state, moment, stop, chain, {}) == one_by_one, moment
        # an item that has just entered its state: its current step laid with the rest
        whole = due_at(calendar, chain[0], moment) or moment
        for row in chain[1:]:
            whole = due_at(calendar, row, whole) or whole
        assert _walk(calendar, subject, state, moment, moment, stop, {}) == whole, moment
