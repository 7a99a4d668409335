"""Who may open which report. Views fetch reports only through these helpers."""
from django.http import Http404

from certificates.models import Report
from orders.access import visible_orders
from workflow.states import OrderState

# The customer downloads the signed report only after filling the survey (SOP step 21).
CUSTOMER_DOWNLOAD_STATES = {OrderState.SURVEYED, OrderState.COMPLETED}


def is_staff_user(user) -> bool:
    return bool(user.is_authenticated and user.staff_roles)


def get_report_for_user(request, pk) -> Report:
    try:
        return (Report.objects.filter(order__in=visible_orders(request.user).values("pk"))
                .select_related("order", "order__company", "instrument", "instrument__instrument_type", "signer")
                .get(pk=pk))
    except (Report.DoesNotExist, ValueError):
        raise Http404 from None


def may_download_signed(user, report: Report) -> bool:
    """Staff who see the order may open a signed report; the customer only after the survey."""
    if is_staff_user(user):
        return True
    return report.order.state in CUSTOMER_DOWNLOAD_STATES
