"""What the order page shows about steps 21-22 and the hand-over, computed once per page by its view.

Each part is read when the page first shows it (a cached property): the survey response and the
hand-over record with the names of the people they name in one query each; the signed reports, the
download check and the hand-over items only on the pages whose panels show them."""
from functools import cached_property

from accounts.names import with_names
from accounts.roles import Role
from orders.page import document
from survey import services
from survey.forms import HandoverForm
from survey.models import HandoverRecord, SurveyResponse
from workflow.states import OrderState


class SurveyStatus:
    """The survey, the signed reports, the hand-over of one order as one reader sees them."""

    def __init__(self, order, user, reports=None, entries=None):
        """`reports`: the order page's reports of the order (certificates.panels.OrderReports), when the
        page has read them already; `entries`: its timeline (orders.timeline), when it holds every audit
        entry of the order (a download is one)."""
        self.order, self.user, self._reports, self._entries = order, user, reports, entries
        self.signed = order.state in services.HANDOVER_STATES
        self.is_member = user.is_customer and user.company_id is not None and user.company_id == order.company_id
        self.reads_ikm = bool(user.role_codes & services.IKM_READERS)

    @cached_property
    def response(self):
        # one per order (no ordering to resolve); read with the order by the order page's view
        return document(self.order, "survey_response", lambda: next(iter(
            with_names(SurveyResponse.objects.filter(order_id=self.order.pk), "respondent").order_by()), None))

    @cached_property
    def handover(self):
        return document(self.order, "handover", lambda: next(iter(
            with_names(HandoverRecord.objects.filter(order_id=self.order.pk), "handed_over_by").order_by()), None))

    @cached_property
    def handover_items(self) -> list:
        # in the order they were recorded (the Meta ordering by record would join the record again)
        return list(self.handover.items.order_by("id")) if self.handover else []

    @cached_property
    def reports(self) -> list:
        if not self.signed:
            return []
        return self._reports.signed if self._reports is not None else list(services.signed_reports(self.order))

    @cached_property
    def unlocked(self) -> bool:
        return self.signed and services.downloads_unlocked(self.user, self.order)

    @cached_property
    def downloaded(self) -> bool:
        if self.order.state not in (OrderState.SURVEYED, OrderState.COMPLETED):
            return False
        numbers = self._reports.numbers if self._reports is not None else None
        if self._entries is not None and numbers is not None:  # what customer_downloaded asks the database
            notes = services.download_notes(numbers)
            return any(e.code == services.DOWNLOAD_CODE and e.role == Role.PELANGGAN and e.note in notes
                       and e.actor_company_id == self.order.company_id for e in self._entries)
        return services.customer_downloaded(self.order, numbers=numbers)

    @cached_property
    def can_handover(self) -> bool:
        user = self.user
        return (self.signed and self.handover is None and user.is_active
                and user.has_role(Role.CS))

    @cached_property
    def handover_form(self):
        return HandoverForm() if self.can_handover else None


def survey_status(order, user, reports=None, entries=None) -> SurveyStatus:
    return SurveyStatus(order, user, reports, entries)
