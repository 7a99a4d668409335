"""What the order page shows about steps 21-22 and the hand-over, computed once per page by its view."""
from types import SimpleNamespace

from survey import services
from survey.forms import HandoverForm
from survey.models import HandoverRecord, SurveyResponse
from workflow.states import OrderState


def survey_status(order, user):
    """The survey, the signed reports, the hand-over."""
    try:
        response = order.survey_response
    except SurveyResponse.DoesNotExist:
        response = None
    try:
        handover = order.handover
    except HandoverRecord.DoesNotExist:
        handover = None
    signed = order.state in services.HANDOVER_STATES
    is_member = user.is_customer and user.company_id is not None and user.company_id == order.company_id
    can_handover = handover is None and services.can_record_handover(user, order)
    return SimpleNamespace(
        response=response,
        handover=handover,
        handover_items=list(handover.items.all()) if handover else [],
        signed=signed,
        is_member=is_member,
        reports=list(services.signed_reports(order)) if signed else [],
        unlocked=signed and services.downloads_unlocked(user, order),
        downloaded=order.state in (OrderState.SURVEYED, OrderState.COMPLETED) and services.customer_downloaded(order),
        can_handover=can_handover,
        handover_form=HandoverForm() if can_handover else None,
        reads_ikm=bool(user.role_codes & services.IKM_READERS),
    )
