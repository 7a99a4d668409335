"""What the order page shows about steps 21-22 and the hand-over, computed once per page by its view.

Each part is read when the page first shows it (a cached property): the survey response and the
hand-over record with the people they name in one query each; the signed reports, the download check
and the hand-over items only on the pages whose panels show them."""
from functools import cached_property

from accounts.roles import Role
from survey import services
from survey.forms import HandoverForm
from survey.models import HandoverRecord, SurveyResponse
from workflow.states import OrderState


class SurveyStatus:
    """The survey, the signed reports, the hand-over of one order as one reader sees them."""

    def __init__(self, order, user):
        self.order, self.user = order, user
        self.signed = order.state in services.HANDOVER_STATES
        self.is_member = user.is_customer and user.company_id is not None and user.company_id == order.company_id
        self.reads_ikm = bool(user.role_codes & services.IKM_READERS)

    @cached_property
    def response(self):
        return SurveyResponse.objects.select_related("respondent").filter(order=self.order).first()

    @cached_property
    def handover(self):
        return HandoverRecord.objects.select_related("handed_over_by").filter(order=self.order).first()

    @cached_property
    def handover_items(self) -> list:
        return list(self.handover.items.all()) if self.handover else []

    @cached_property
    def reports(self) -> list:
        return list(services.signed_reports(self.order)) if self.signed else []

    @cached_property
    def unlocked(self) -> bool:
        return self.signed and services.downloads_unlocked(self.user, self.order)

    @cached_property
    def downloaded(self) -> bool:
        return (self.order.state in (OrderState.SURVEYED, OrderState.COMPLETED)
                and services.customer_downloaded(self.order))

    @cached_property
    def can_handover(self) -> bool:
        user = self.user
        return (self.signed and self.handover is None and user.is_active
                and user.has_role(Role.CS))

    @cached_property
    def handover_form(self):
        return HandoverForm() if self.can_handover else None


def survey_status(order, user) -> SurveyStatus:
    return SurveyStatus(order, user)
