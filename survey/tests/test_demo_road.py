"""The demo road's last two milestones, done through the real services."""
from demo.road import demo_lines
from workflow.models import AuditEntry


def test_the_road_fills_the_survey_downloads_and_completes_the_order(order_at):
    order = order_at("COMPLETED", lines=demo_lines(count_mass=1, count_temp=0))
    assert order.state == "COMPLETED"
    assert order.survey_response.scores == (4,) * 9 and order.survey_response.respondent == order.created_by
    assert AuditEntry.objects.filter(order=order, code="document.download", actor=order.created_by,
                                     note=order.reports.get().number).exists()
