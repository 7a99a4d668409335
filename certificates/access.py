"""Who may open which report. Views fetch reports only through these helpers."""
from django.http import Http404

from certificates.models import Report
from orders.access import laboratory_view, visible_instruments, visible_orders


def is_staff_user(user) -> bool:
    return bool(user.is_authenticated and user.staff_roles)


def visible_reports(user):
    """Reports of the orders `user` may see, and those an acting head has been asked to sign."""
    from django.db.models import Q

    from certificates.delegation import may_sign

    if laboratory_view(user):  # a laboratory's own instruments' reports only, not the whole order's
        q = Q(instrument__in=visible_instruments(user).values("pk"))
    else:
        q = Q(order__in=visible_orders(user).values("pk"))
    if user.is_authenticated and may_sign(user):
        q |= Q(order__signer=user)
    return Report.objects.filter(q)


def get_report_for_user(request, pk) -> Report:
    try:
        return (visible_reports(request.user)
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
        return (ReportChange.objects.filter(report__in=visible_reports(request.user).values("pk"))
                .select_related("report", "report__order").get(pk=pk))
    except (ReportChange.DoesNotExist, ValueError):
        raise Http404 from None


def get_batch_for_user(request, pk):
    """A signing batch: only the person who started it sees it."""
    from certificates.models import SigningBatch

    if not request.user.is_authenticated:
        raise Http404
    try:
        return SigningBatch.objects.get(pk=pk, signer=request.user)
    except (SigningBatch.DoesNotExist, ValueError):
        raise Http404 from None
