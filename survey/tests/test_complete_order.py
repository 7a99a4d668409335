"""Step 22: the customer marks the order complete, only after downloading a report."""
from django.urls import reverse

from survey import services
from survey.models import ELEMENT_FIELDS
from workflow.models import AuditEntry


def _surveyed(order):
    services.fill_survey(order.created_by, order.pk, {f: 4 for f in ELEMENT_FIELDS})
    order.refresh_from_db()
    return order


def test_completion_is_refused_before_a_report_is_downloaded(forwarded_order, login):
    order = _surveyed(forwarded_order())
    response = login(order.created_by).post(f"/survey/order/{order.pk}/complete/", follow=True)
    assert "Unduh dan periksa E-LHU terlebih dahulu" in response.content.decode()
    order.refresh_from_db()
    assert order.state == "SURVEYED"


def test_the_customer_completes_the_order_after_downloading(forwarded_order, login):
    order = _surveyed(forwarded_order())
    client = login(order.created_by)
    client.get(reverse("certificates:download", args=[order.reports.first().pk]))
    response = client.post(f"/survey/order/{order.pk}/complete/")
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == "COMPLETED"
    entry = AuditEntry.objects.get(order=order, code="order.complete")
    assert entry.step == 22 and entry.actor == order.created_by


def test_a_staff_download_does_not_count_as_the_customers(forwarded_order, users, login):
    order = _surveyed(forwarded_order())
    login(users["cs"]).get(reverse("certificates:download", args=[order.reports.first().pk]))
    response = login(order.created_by).post(f"/survey/order/{order.pk}/complete/", follow=True)
    assert "Unduh dan periksa E-LHU terlebih dahulu" in response.content.decode()
    order.refresh_from_db()
    assert order.state == "SURVEYED"


def test_completion_is_refused_before_the_survey(forwarded_order, login):
    order = forwarded_order()
    login(order.created_by).post(f"/survey/order/{order.pk}/complete/")
    order.refresh_from_db()
    assert order.state == "FORWARDED"


def test_the_order_page_offers_selesai_order_to_the_customer(forwarded_order, login):
    order = _surveyed(forwarded_order())
    page = login(order.created_by).get(f"/orders/{order.pk}/").content.decode()
    assert f"/workflow/step/order.complete/{order.pk}/" in page and "Selesai Order" in page



def test_a_download_from_the_certificates_page_also_counts(forwarded_order, login):
    order = _surveyed(forwarded_order())
    client = login(order.created_by)
    response = client.get(reverse("certificates:download", args=[order.reports.first().pk]))
    assert response.status_code == 200
    client.post(f"/survey/order/{order.pk}/complete/")
    order.refresh_from_db()
    assert order.state == "COMPLETED"
