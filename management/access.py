"""Who sees the management reports, and how far: one helper for the dashboard, the exports and the
audit log, so scope is decided in one place.

The national roles (Admin Pusat, Pimpinan Kementerian) hold no unit: their dashboard is the national one
(every unit side by side) and may open any one unit's dashboard (`?unit=`), the same page that unit's head
of centre sees. A unit's staff read one unit at a time: a head who holds the role in two units picks
between them; a unit that is not theirs is 404, as another unit's order is.

The head of centre, the Ketua Tim PJI and the technical manager see the whole centre (the units where they
hold that role: nothing of another unit's orders); a supervisor
sees the instruments (and their orders and audit entries) of their own laboratory. Money (PNBP,
billing reconciliation) and the satisfaction survey are centre-wide matters: only the centre-wide
roles see them. An export file is its owner's alone.
"""
from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.roles import NATIONAL_ROLES, Role
from units.current import covers_every_unit, unit_facts

CENTRE_ROLES = frozenset({Role.KEPALA_BALAI, Role.KETUA_PJI, Role.MT})
DASHBOARD_ROLES = CENTRE_ROLES | {Role.PENYELIA}


@dataclass(frozen=True)
class ReportScope:
    user: object
    laboratory_id: int | None  # None: the whole centre
    unit_ids: frozenset | None = None  # the units it covers (where the role is held); None: every unit
    national: bool = False  # a national role's view of every unit, side by side

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
        return Q(order__isnull=True) | Q(unit_id__in=sorted(self.unit_ids))


def report_scope(user) -> ReportScope | None:
    """The user's reporting scope, or None when they are not in the dashboard's audience: the units where
    they hold a centre role, or their laboratory (of the unit where they are its supervisor)."""
    if user is None or not user.is_authenticated:
        return None
    roles = user.role_codes
    if roles & NATIONAL_ROLES:
        return ReportScope(user, None, None, national=True)
    if roles & CENTRE_ROLES:
        return ReportScope(user, None, user.units_of(*CENTRE_ROLES))
    if Role.PENYELIA in roles and user.laboratory_id:
        return ReportScope(user, user.laboratory_id, user.units_of(Role.PENYELIA))
    return None


def get_report_scope(request, national: bool = False) -> ReportScope:
    """For views: the scope, or 404 for anyone outside the audience (as other pages do). The national
    roles are the audience of the dashboard and its downloads only (`national=True`), not of the
    registers or the audit log."""
    scope = report_scope(request.user)
    if scope is None or (scope.national and not national):
        raise Http404
    return scope


def unit_choices(scope) -> list[tuple[int, str]]:
    """The units the scope's reader may open one by one, (id, short name) by name: every unit for a national
    role, else the units where they hold the role (a supervisor: their laboratory's unit)."""
    facts = unit_facts()
    ids = facts.keys() if scope.national or scope.unit_ids is None else scope.unit_ids
    return sorted(((pk, facts[pk][2] or facts[pk][1]) for pk in ids if pk in facts), key=lambda c: (c[1], c[0]))


class UnitChoiceForm(forms.Form):
    """`?unit=`: a unit by its code or its id, among those the reader may open."""

    unit = forms.CharField(label=_("Unit"), required=False, max_length=40)

    def __init__(self, data, scope):
        super().__init__(data)
        self.scope = scope

    def clean_unit(self):
        from units.models import Unit

        value = (self.cleaned_data.get("unit") or "").strip()
        if not value:
            return None
        lookup = Q(code=value) | (Q(pk=int(value)) if value.isdigit() else Q(pk__in=[]))
        unit = Unit.objects.filter(lookup).first()
        if unit is None or unit.pk not in dict(unit_choices(self.scope)):
            raise forms.ValidationError(_("Unit %(unit)s tidak dikenal.") % {"unit": value})
        return UnitRef(unit.pk, str(unit))


@dataclass(frozen=True)
class UnitRef:
    pk: int
    name: str

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class DashboardView:
    """What one dashboard request shows: the scope of its figures and the unit it is about (None: the
    national view), the units the reader may pick and the form that read `?unit=`."""
    scope: ReportScope
    unit: UnitRef | None
    choices: list
    form: UnitChoiceForm
    national: bool = False  # the reader holds a national role (the view may be one unit's)


def dashboard_view(request, params=None) -> DashboardView:
    """The scope of the dashboard (its page, its downloads) for this request. A national role without a valid
    `?unit=` gets the national view (an unknown unit: the form says so); with one, that unit's dashboard.
    A unit's staff get the unit they pick among theirs (the first by name when none is named); a unit that
    is not theirs, or none known, is 404, as another unit's order is."""
    scope = get_report_scope(request, national=True)
    params = request.GET if params is None else params
    choices = unit_choices(scope)
    form = UnitChoiceForm(params, scope)
    unit = form.cleaned_data["unit"] if form.is_valid() else None
    if scope.national:
        if unit is None:
            return DashboardView(scope, None, choices, form, national=True)
        return DashboardView(ReportScope(scope.user, None, frozenset({unit.pk})), unit, choices, form, national=True)
    if form.is_bound and params.get("unit") and unit is None:
        raise Http404
    if unit is None:
        if not choices:
            return DashboardView(scope, None, choices, form)  # no unit known (a role without one): as before
        unit = UnitRef(*choices[0])
    return DashboardView(ReportScope(scope.user, scope.laboratory_id, frozenset({unit.pk})), unit, choices, form)


def get_export_for_user(request, pk):
    """An export, only for the person who asked for it."""
    from management.models import Export

    if not request.user.is_authenticated:
        raise Http404
    try:
        return Export.objects.get(pk=pk, owner=request.user)
    except (Export.DoesNotExist, ValueError):
        raise Http404 from None
