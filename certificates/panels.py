"""What the order page shows of an order's reports, read by the order page's view (one query each, not
from template tags)."""
from __future__ import annotations


def reports_shown(order, user) -> list:
    """Every report of the order the user may see (a laboratory: its own instruments' only), also those
    superseded or revoked, in instrument order."""
    from orders.access import laboratory_view, visible_instruments

    reports = order.reports.select_related("instrument", "instrument__instrument_type", "signer", "replaces")
    if laboratory_view(user):
        reports = reports.filter(instrument__in=visible_instruments(user).values("pk"))
    return list(reports)


def changes_shown(order, user) -> list:
    """The order's correction and revocation requests the user may see, newest first. Most orders have
    none: the reports and people a request names are read only when there are requests (prefetched,
    one query each), so an order without any costs one plain query."""
    from certificates.models import ReportChange
    from orders.access import laboratory_view, visible_instruments

    changes = ReportChange.objects.filter(report__order=order)
    if laboratory_view(user):
        changes = changes.filter(report__instrument__in=visible_instruments(user).values("pk"))
    return list(changes.prefetch_related("report", "new_report", "requested_by", "decided_by")
                .order_by("-requested_at", "-id"))


def live_reports(order) -> list:
    """The order's live reports (numbered or signed), in instrument order."""
    from certificates.services import live_reports as live

    return list(live(order))


def heads_of_centre(order) -> list:
    """The accounts CS may ask to sign the order's reports (step 18): its unit's heads, for the order
    panel's choice."""
    from certificates.services import heads_of_centre as heads

    return list(heads(order.unit_id))
