"""What the order page shows of an order's reports, read by the order page's view (not from template
tags): every report of the order in one query, from which each panel takes its part."""
from __future__ import annotations

from functools import cached_property

from core.prepared import Prepared


def _reports(order_id):
    """Every report of the order with its signer's name, and whether a correction or revocation was ever
    asked for it (most never: their requests are then not read)."""
    from django.db.models import Exists, OuterRef

    from accounts.names import with_names
    from certificates.models import Report, ReportChange

    return with_names(Report.objects.filter(order_id=order_id), "signer").order_by() \
        .annotate(has_changes=Exists(ReportChange.objects.filter(report_id=OuterRef("pk"))))


REPORTS = Prepared(_reports)  # compiled once per process (core.prepared)


class OrderReports:
    """The reports of one order as the order page shows them. They are read once, with their signers' names,
    without joining their instruments: each report's instrument is the page's own (read with its type),
    and a report's predecessor is a report of the same order. The instrument order (a report's Meta
    ordering joins the order and the instrument) is kept here, in Python."""

    def __init__(self, order, instruments, seen):
        """`instruments`: every instrument of the order; `seen`: those the reader sees (a laboratory's own
        part, or all of them)."""
        self.order = order
        self._instruments = {i.pk: i for i in instruments}
        self._seen = {i.pk for i in seen}

    @cached_property
    def every(self) -> list:
        """Every report of the order, also those superseded or revoked, in instrument order."""
        if not getattr(self.order, "has_reports", True):  # the order page's query found none
            return []
        reports = REPORTS(self.order.pk)
        by_pk = {r.pk: r for r in reports}
        for report in reports:
            inst = self._instruments.get(report.instrument_id)
            if inst is not None:
                report.instrument = inst
            if report.replaces_id in by_pk:
                report.replaces = by_pk[report.replaces_id]
        reports.sort(key=lambda r: (r.instrument.position, r.pk))
        return reports

    @cached_property
    def shown(self) -> list:
        """The reports the reader may see: a laboratory sees its own instruments' only."""
        return [r for r in self.every if r.instrument_id in self._seen]

    @cached_property
    def live(self) -> list:
        """The live reports (numbered or signed)."""
        from certificates.services import LIVE

        return [r for r in self.every if r.status in LIVE]

    @cached_property
    def signed(self) -> list:
        """The signed reports that have their signed PDF (survey.services.signed_reports)."""
        from certificates.models import ReportStatus

        return [r for r in self.every if r.status == ReportStatus.SIGNED and r.signed_pdf]

    @cached_property
    def numbers(self) -> list[str]:
        return [r.number for r in self.every]

    @cached_property
    def changes(self) -> list:
        """The correction and revocation requests of the shown reports, newest first. Most orders have
        none, and an order without reports has none to read: the people a request names are read only
        when there are requests (prefetched, one query each)."""
        from certificates.models import ReportChange

        shown = {r.pk: r for r in self.shown if r.has_changes}
        if not shown:
            return []
        every = {r.pk: r for r in self.every}
        changes = list(ReportChange.objects.filter(report_id__in=list(shown))
                       .prefetch_related("requested_by", "decided_by").order_by())
        for change in changes:
            change.report = shown[change.report_id]
            if change.new_report_id in every:
                change.new_report = every[change.new_report_id]
        changes.sort(key=lambda c: (c.requested_at, c.pk), reverse=True)
        return changes


def heads_of_centre(order) -> list:
    """The accounts CS may ask to sign the order's reports (step 18): its unit's heads, for the order
    panel's choice."""
    from certificates.services import heads_of_centre as heads

    return list(heads(order.unit_id))
