"""Step 21's gate: signed reports download only after the survey, only for the customer's company,
and every download is logged."""
from django.urls import reverse
from survey import services
from survey.models import ELEMENT_FIELDS
from workflow.models import AuditEntry


def _surveyed(order):
    services.fill_survey(order.created_by, order.pk, {f: 4 for f in ELEMENT_FIELDS})
    order.refresh_from_db()
    return order


def test_download_before_the_survey_is_refused_with_a_clear_message(forwarded_order, login):
    order = forwarded_order()
    report = order.reports.first()
    client = login(order.created_by)
    response = client.get(reverse("certificates:download", args=[report.pk]))
    assert response.status_code == 302 and response["Location"] == f"/survey/order/{order.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Isi survei kepuasan terlebih dahulu" in page
    assert not AuditEntry.objects.filter(order=order, code="document.download").exists()


def test_download_after_the_survey_serves_the_signed_pdf_as_an_attachment(forwarded_order, login):
    order = _surveyed(forwarded_order())
    report = order.reports.first()
    response = login(order.created_by).get(reverse("certificates:download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    expected = "E-LHU-" + report.number.replace("/", "-") + ".pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'
    assert response.content.startswith(b"%PDF")


def test_every_download_is_logged(forwarded_order, login):
    order = _surveyed(forwarded_order())
    report = order.reports.first()
    client = login(order.created_by)
    client.get(reverse("certificates:download", args=[report.pk]))
    client.get(reverse("certificates:download", args=[report.pk]))
    entries = AuditEntry.objects.filter(order=order, code="document.download")
    assert entries.count() == 2
    assert all(e.actor == order.created_by and e.role == "PELANGGAN" and e.note == report.number for e in entries)


def test_a_customer_of_another_company_gets_404(forwarded_order, users, login):
    order = _surveyed(forwarded_order())
    report = order.reports.first()
    response = login(users["pelanggan2"]).get(reverse("certificates:download", args=[report.pk]))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(order=order, code="document.download").exists()


def test_a_report_of_another_order_is_not_served_through_this_order(forwarded_order, login):
    mine = _surveyed(forwarded_order())
    theirs = forwarded_order(customer="pelanggan2")
    other_report = theirs.reports.first()
    response = login(mine.created_by).get(reverse("certificates:download", args=[other_report.pk]))
    assert response.status_code == 404


def test_the_order_page_links_each_report_to_download_after_the_survey(forwarded_order, login):
    order = _surveyed(forwarded_order())
    page = login(order.created_by).get(f"/orders/{order.pk}/").content.decode()
    for report in order.reports.all():
        assert reverse("certificates:download", args=[report.pk]) in page


def test_a_signed_file_that_changed_is_not_served_nor_logged(forwarded_order, login):
    order = _surveyed(forwarded_order())
    report = order.reports.first()
    with open(report.signed_pdf.path, "ab") as fh:
        fh.write(b"% tampered\n")
    response = login(order.created_by).get(reverse("certificates:download", args=[report.pk]), follow=True)
    assert "tidak utuh" in response.content.decode()
    assert not AuditEntry.objects.filter(order=order, code="document.download").exists()


def test_a_missing_signed_file_gives_a_message_not_an_error(forwarded_order, login):
    import os

    order = _surveyed(forwarded_order())
    report = order.reports.first()
    os.remove(report.signed_pdf.path)
    response = login(order.created_by).get(reverse("certificates:download", args=[report.pk]), follow=True)
    assert response.status_code == 200 and "tidak dapat dibaca" in response.content.decode()
