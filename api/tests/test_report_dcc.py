"""GET /api/reports/{id}/dcc.xml: the signed report's DCC, under the rule of its PDF on the order page."""
import pytest

from certificates import dcc
from demo.road import demo_lines
from survey import services as survey_services
from survey.models import ELEMENT_FIELDS


def _surveyed(order):
    survey_services.fill_survey(order.created_by, order.pk, {f: 4 for f in ELEMENT_FIELDS})
    order.refresh_from_db()
    return order


@pytest.fixture
def forwarded(order_at):
    order = order_at("FORWARDED", lines=demo_lines(count_mass=1, count_temp=0))
    return order, order.reports.get()


def test_the_api_serves_the_dcc_after_the_survey_only(forwarded, api_client):
    order, report = forwarded
    call, _ = api_client(order.created_by)
    refused = call("get", f"/api/reports/{report.pk}/dcc.xml")
    assert refused.status_code == 409 and "survei" in refused.json()["error"]["message"].lower()

    _surveyed(order)
    response = call("get", f"/api/reports/{report.pk}/dcc.xml")
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    name = report.number.replace("/", "-") + ".dcc.xml"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    with report.dcc_xml.open("rb") as fh:
        assert response.content == fh.read()
    dcc.validate(response.content)
    assert call("get", "/api/reports/999999/dcc.xml").status_code == 404


def test_another_company_gets_404(forwarded, users, api_client):
    order, report = forwarded
    _surveyed(order)
    call, _ = api_client(users["pelanggan2"])
    response = call("get", f"/api/reports/{report.pk}/dcc.xml")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_the_endpoint_is_described_as_xml(client, db):
    operation = client.get("/api/openapi.json").json()["paths"]["/api/reports/{report_id}/dcc.xml"]["get"]
    assert "application/xml" in operation["responses"]["200"]["content"]


def test_the_api_serves_the_signed_pdf_after_the_survey_only(forwarded, users, api_client):
    from certificates import dcc_issue, services

    order, report = forwarded
    call, _ = api_client(order.created_by)
    refused = call("get", f"/api/reports/{report.pk}/pdf")
    assert refused.status_code == 409 and "survei" in refused.json()["error"]["message"].lower()

    _surveyed(order)
    response = call("get", f"/api/reports/{report.pk}/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="E-LHU-{report.number.replace("/", "-")}.pdf"'
    assert response.content == services.signed_content(report)  # no archival timestamp yet: the signed file
    with report.dcc_xml.open("rb") as fh:
        assert dcc_issue.embedded_dcc(response.content) == fh.read()  # the DCC inside, as downloaded alone
    other, _ = api_client(users["pelanggan2"])
    assert other("get", f"/api/reports/{report.pk}/pdf").status_code == 404
    assert call("get", "/api/reports/999999/pdf").status_code == 404
