"""Who sees the management reports, and how far: one helper for the dashboard, the exports and the
audit log, so scope is decided in one place.

The head of centre, the Ketua Tim PJI and the technical manager see the whole centre; a supervisor
sees the instruments (and their orders and audit entries) of their own laboratory. Money (PNBP,
billing reconciliation) and the satisfaction survey are centre-wide matters: only the centre-wide
roles see them. An export file is its owner's alone.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from accounts.roles import Role

CENTRE_ROLES = frozenset({Role.KEPALA_BALAI, Role.KETUA_PJI, Role.MT})
DASHBOARD_ROLES = CENTRE_ROLES | {Role.PENYELIA}


@dataclass(frozen=True)
class ReportScope:
    user: object
    laboratory_id: int | None  # None: the whole centre

    @property
    def centre_wide(self) -> bool:
        return self.laboratory_id is None

    def instruments(self, qs, prefix: str = ""):
        """Limit a queryset reaching instruments through `prefix` (e.g. "instruments__")."""
        if self.centre_wide:
            return qs
        return qs.filter(**{f"{prefix}laboratory_id": self.laboratory_id})

    def orders(self, qs):
        """Orders with at least one instrument of the scope."""
        if self.centre_wide:
            return qs
        from orders.models import Instrument

        return qs.filter(pk__in=Instrument.objects.filter(laboratory_id=self.laboratory_id).values("order_id"))

    def audit_q(self) -> Q | None:
        """Audit entries of the scope: everything, or those about the laboratory's instruments."""
        if self.centre_wide:
            return None
        return Q(instrument__laboratory_id=self.laboratory_id)


def report_scope(user) -> ReportScope | None:
    """The user's reporting scope, or None when they are not in the dashboard's audience."""
    if user is None or not user.is_authenticated:
        return None
    roles = user.role_codes
    if roles & CENTRE_ROLES:
        return ReportScope(user, None)
    if Role.PENYELIA in roles and user.laboratory_id:
        return ReportScope(user, user.laboratory_id)
    return None


def get_report_scope(request) -> ReportScope:
    """For views: the scope, or 404 for anyone outside the audience (as other pages do)."""
    scope = report_scope(request.user)
    if scope is None:
        raise Http404
    return scope


def get_export_for_user(request, pk):
    """An export, only for the person who asked for it."""
    from management.models import Export

    if not request.user.is_authenticated:
        raise Http404
    try:
        return Export.objects.get(pk=pk, owner=request.user)
    except (Export.DoesNotExist, ValueError):
        raise Http404 from None
