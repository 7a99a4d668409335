"""Who sees the management reports, and how far: one helper for the dashboard, the exports and the
audit log, so scope is decided in one place.

The head of centre, the Ketua Tim PJI and the technical manager see the whole centre (the units where they
hold that role: nothing of another unit's orders); a supervisor
sees the instruments (and their orders and audit entries) of their own laboratory. Money (PNBP,
billing reconciliation) and the satisfaction survey are centre-wide matters: only the centre-wide
roles see them. An export file is its owner's alone.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from accounts.roles import Role
from units.current import covers_every_unit

CENTRE_ROLES = frozenset({Role.KEPALA_BALAI, Role.KETUA_PJI, Role.MT})
DASHBOARD_ROLES = CENTRE_ROLES | {Role.PENYELIA}


@dataclass(frozen=True)
class ReportScope:
    user: object
    laboratory_id: int | None  # None: the whole centre
    unit_ids: frozenset | None = None  # the units it covers (where the role is held); None: every unit

    @property
    def centre_wide(self) -> bool:
        return self.laboratory_id is None

    def by_unit(self, qs, order_prefix: str = ""):
        """Limit a queryset reaching the order through `order_prefix` (e.g. "order__") to the scope's units."""
        if self.unit_ids is None or covers_every_unit(self.unit_ids):
            return qs
        return qs.filter(**{f"{order_prefix}unit_id__in": sorted(self.unit_ids)})

    def instruments(self, qs, prefix: str = ""):
        """Limit a queryset reaching instruments through `prefix` (e.g. "instruments__")."""
        qs = self.by_unit(qs, f"{prefix}order__")
        if self.centre_wide:
            return qs
        return qs.filter(**{f"{prefix}laboratory_id": self.laboratory_id})

    def orders(self, qs):
        """Orders of the scope's units with at least one instrument of the scope."""
        qs = self.by_unit(qs)
        if self.centre_wide:
            return qs
        from orders.models import Instrument

        return qs.filter(pk__in=Instrument.objects.filter(laboratory_id=self.laboratory_id).values("order_id"))

    def audit_q(self) -> Q | None:
        """Audit entries of the scope: those of its units' orders (and those of no order: accounts), or
        those about the laboratory's instruments."""
        if not self.centre_wide:
            return Q(instrument__laboratory_id=self.laboratory_id)
        if self.unit_ids is None or covers_every_unit(self.unit_ids):
            return None
        return Q(order__isnull=True) | Q(order__unit_id__in=sorted(self.unit_ids))


def report_scope(user) -> ReportScope | None:
    """The user's reporting scope, or None when they are not in the dashboard's audience: the units where
    they hold a centre role, or their laboratory (of the unit where they are its supervisor)."""
    if user is None or not user.is_authenticated:
        return None
    roles = user.role_codes
    if roles & CENTRE_ROLES:
        return ReportScope(user, None, user.units_of(*CENTRE_ROLES))
    if Role.PENYELIA in roles and user.laboratory_id:
        return ReportScope(user, user.laboratory_id, user.units_of(Role.PENYELIA))
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
