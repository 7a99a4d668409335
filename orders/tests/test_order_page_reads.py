"""The order page's reads (orders.page, core.prepared): what they give is what the plain queries give."""
import pytest


@pytest.mark.django_db
def test_a_prepared_query_runs_its_sql_again_with_each_value(order_at):
    from orders.models import Order
    from core.prepared import Prepared

    first, second = order_at("SUBMITTED"), order_at("SUBMITTED", customer="pelanggan2")
    with_company = Prepared(lambda pk: Order.objects.filter(pk=pk).select_related("company"))
    numbers = Prepared(lambda company_id: Order.objects.filter(company_id=company_id).values_list("pk", "number"))
    for order in (first, second, first):
        [found] = with_company(order.pk)
        assert (found.pk, found.number, found.state_entered_at) == (order.pk, order.number, order.state_entered_at)
        assert Order.company.is_cached(found) and found.company.name == order.company.name
        assert numbers(order.company_id) == [(order.pk, order.number)]
    assert with_company(-1) == []


def test_a_prepared_query_refuses_a_value_that_does_not_reach_its_sql():
    from orders.models import Order
    from core.prepared import Prepared

    with pytest.raises(ValueError):
        Prepared(lambda pk: Order.objects.all())(1)


@pytest.mark.django_db
def test_the_order_page_reads_its_documents_with_the_order_and_nothing_it_has_none_of(order_at, users):
    from lab.panels import reception_of
    from orders.page import _MISSING, order_for_page, read_with_order

    order = order_at("COMPLETED")
    found = order_for_page(users["cs"], order.pk)
    assert read_with_order(found, "reception") == reception_of(order)
    assert read_with_order(found, "survey_response").pk == order.survey_response.pk
    assert read_with_order(found, "handover") is None  # none made yet
    assert found.has_reports and not found.has_complaints
    assert found.created_by.username == order.created_by.username
    draft = order_for_page(users["pelanggan"], order_at().pk)
    assert read_with_order(draft, "reception") is None and not draft.has_reports
    assert read_with_order(order, "reception") is _MISSING  # an order read elsewhere: its panels read it


@pytest.mark.django_db
def test_the_order_page_asks_the_readers_scope_first(order_at, users):
    from orders.models import Order
    from orders.page import order_for_page

    order = order_at("SUBMITTED")
    with pytest.raises(Order.DoesNotExist):
        order_for_page(users["pelanggan2"], order.pk)
    with pytest.raises(Order.DoesNotExist):
        order_for_page(users["cs"], order.pk + 1000)


@pytest.mark.django_db
@pytest.mark.parametrize("downloaded", [False, True])
def test_the_staff_timeline_tells_whether_the_customer_downloaded_a_report(order_at, users, downloaded):
    from certificates.panels import OrderReports
    from orders.page import instruments_of, order_for_page
    from orders.timeline import order_timeline
    from survey import services
    from survey.panels import survey_status
    from workflow.engine import record
    from workflow.worktime import office_calendar

    order = order_at("SURVEYED")  # not downloaded yet (completing the order needs a download)
    report = order.reports.first()
    record(services.DOWNLOAD_CODE, users["pelanggan"], "PELANGGAN", order=order,
           note=report.number if downloaded else "something else")
    cs = users["cs"]
    found = order_for_page(cs, order.pk)
    instruments, _names = instruments_of(found, True)
    reports = OrderReports(found, instruments, instruments)
    entries = order_timeline(found, cs, office_calendar(found.unit_id), instruments)
    assert survey_status(found, cs, reports, entries).downloaded is services.customer_downloaded(found)
    assert services.customer_downloaded(found) is downloaded


@pytest.mark.django_db
@pytest.mark.parametrize("milestone", ["IN_LAB", "COMPLETED"])
@pytest.mark.parametrize("reader", ["cs", "pelanggan", "penyelia", "bendahara"])
def test_the_order_page_is_the_same_when_its_order_comes_without_its_documents(order_at, users, login, monkeypatch,
                                                                                reader, milestone):
    """A page shown again after a refused form gets its order from orders.access: its panels read the
    documents and reports themselves, and show the same page."""
    import re

    from accounts.names import with_names
    from orders import page
    from orders.access import visible_orders

    order = order_at(milestone)
    client = login(users[reader])

    def html():
        text = client.get(f"/orders/{order.pk}/").content.decode()
        return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]*"', "", text)

    prepared = html()
    monkeypatch.setattr(page, "order_for_page", lambda user, pk: with_names(
        visible_orders(user).select_related("company"), "created_by").get(pk=pk))
    assert html() == prepared
