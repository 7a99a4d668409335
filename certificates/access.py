"""Who may open which report. Views fetch reports only through these helpers."""
from django.http import Http404

from certificates.models import Report
from orders.access import visible_orders


def is_staff_user(user) -> bool:
    return bool(user.is_authenticated and user.staff_roles)


def get_report_for_user(request, pk) -> Report:
    try:
        return (Report.objects.filter(order__in=visible_orders(request.user).values("pk"))
                .select_related("order", "order__company", "instrument", "instrument__instrument_type", "signer")
                .get(pk=pk))
    except (Report.DoesNotExist, ValueError):
        raise Http404 from None


def get_change_for_user(request, pk):
    """A correction/revocation request of a report the user may see (staff only)."""
    from certificates.models import ReportChange

    if not is_staff_user(request.user):
        raise Http404
    try:
        return (ReportChange.objects.filter(report__order__in=visible_orders(request.user).values("pk"))
                .select_related("report", "report__order").get(pk=pk))
    except (ReportChange.DoesNotExist, ValueError):
        raise Http404 from None
