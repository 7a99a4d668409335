"""Who may see and act on which order and instrument. Every view fetches through these helpers.

A unit's staff see only their unit's orders: a centre-wide role sees the orders of the units it is held in
(accounts.UserRole.unit), a laboratory's staff their laboratory's part (a laboratory belongs to one unit).
The unit filter is the engine registry's (`workflow.registry.unit_q`), the same for every subject. The
national roles (Admin Pusat, Pimpinan) read every unit and act on none: no row of the SOP names them and
no scope rule here lets them act. Customers are national: a company's orders in every unit.
"""
from django.db.models import Q
from django.http import Http404

from accounts.roles import NATIONAL_ROLES, Role
from orders.models import Instrument, Order
from units.current import covers_every_unit

# Roles that see every order of the centre (of the units they hold the role in).
CENTRE_WIDE = {Role.ADMIN, Role.CS, Role.KETUA_PJI, Role.BENDAHARA, Role.MT, Role.KEPALA_BALAI}
# Roles that see an order only through their laboratory's instruments.
LAB_ROLES = frozenset({Role.PENYELIA, Role.ANALIS})


def laboratory_view(user) -> bool:
    """Need to know: a supervisor or analyst (holding no centre-wide or customer role) sees of an order its
    number, company and dates and only their own laboratory's instruments, results, raw files, reports and
    audit entries — no prices, billings, payment proofs, NTPNs, refunds or whole-order documents."""
    if not user.is_authenticated:
        return False
    roles = user.role_codes
    return bool(roles & LAB_ROLES) and not (roles & CENTRE_WIDE) and Role.PELANGGAN not in roles


def sees_money(user) -> bool:
    return user.is_authenticated and not laboratory_view(user)


def reads_every_unit(user) -> bool:
    """A national role: reads the orders of every unit (never acts on them)."""
    return user.is_authenticated and bool(user.role_codes & NATIONAL_ROLES)


def centre_units(user) -> frozenset[int]:
    """The units in which `user` holds a centre-wide role."""
    return user.units_of(*CENTRE_WIDE)


def unit_q(user, subject: str = "order") -> Q:
    """The filter on `subject`'s model keeping the items of the units where `user` holds a centre-wide
    role (the registry's path from the item to its order's unit)."""
    from workflow.registry import unit_q as registry_unit_q

    return registry_unit_q(subject, sorted(centre_units(user)))


def in_role_unit(user, role, unit_id) -> bool:
    """Whether `user` holds `role` in the unit `unit_id`. A role held today by delegation only (an acting
    head of centre, certificates.delegation) counts in the units where the user is staff."""
    if unit_id is None:
        return False
    held = user.role_units
    units = held[role] if role in held else frozenset().union(*held.values())
    return unit_id in units


def order_in_scope(user, role, order) -> bool:
    if role in CENTRE_WIDE:
        return in_role_unit(user, role, order.unit_id)
    if role == Role.PELANGGAN:
        return user.company_id is not None and order.company_id == user.company_id
    if role == Role.PENYELIA:
        return order.instruments.filter(laboratory_id=user.laboratory_id).exists()
    if role == Role.ANALIS:
        return order.instruments.filter(parameters__analyst=user).exists()
    return False


def instrument_in_scope(user, role, instrument) -> bool:
    if role in CENTRE_WIDE:
        return in_role_unit(user, role, instrument.order.unit_id)
    if role == Role.PELANGGAN:
        return user.company_id is not None and instrument.order.company_id == user.company_id
    if role == Role.PENYELIA:
        return user.laboratory_id is not None and instrument.laboratory_id == user.laboratory_id
    if role == Role.ANALIS:
        if "parameters" in getattr(instrument, "_prefetched_objects_cache", {}):  # a page listing instruments
            return any(p.analyst_id == user.pk for p in instrument.parameters.all())
        return instrument.parameters.filter(analyst=user).exists()
    return False


def instrument_scope_q(user, role, prefix: str = "") -> Q | None:
    """A filter on instruments for `role` (a centre-wide role: its units' instruments). `prefix` reaches
    instruments from another model (e.g. "instruments__" from Order)."""
    if role in CENTRE_WIDE:
        units = user.role_units.get(role, frozenset())
        return Q() if covers_every_unit(units) else Q(**{f"{prefix}order__unit_id__in": sorted(units)})
    if role == Role.PELANGGAN:
        return Q(**{f"{prefix}order__company_id": user.company_id or -1})
    if role == Role.PENYELIA:
        return Q(**{f"{prefix}laboratory_id": user.laboratory_id or -1})
    if role == Role.ANALIS:
        return Q(**{f"{prefix}parameters__analyst": user})
    return Q(pk__in=[])


def visible_orders(user):
    if not user.is_authenticated:
        return Order.objects.none()
    if reads_every_unit(user):
        return Order.objects.all()
    roles = user.role_codes
    units = centre_units(user)
    if units and not roles & (LAB_ROLES | {Role.PELANGGAN}):
        return Order.objects.filter(unit_q(user))  # no OR: the unit's indexes serve it
    q = Q(pk__in=[])
    if units:
        q |= unit_q(user)
    if Role.PELANGGAN in roles and user.company_id:
        q |= Q(company_id=user.company_id)
    for role in (Role.PENYELIA, Role.ANALIS):
        if role in roles:
            sub = Instrument.objects.filter(instrument_scope_q(user, role)).values("order_id")
            q |= Q(pk__in=sub)
    return Order.objects.filter(q)


def visible_instruments(user):
    if not user.is_authenticated:
        return Instrument.objects.none()
    if reads_every_unit(user):
        return Instrument.objects.all()
    roles = user.role_codes
    units = centre_units(user)
    if units and not roles & (LAB_ROLES | {Role.PELANGGAN}):
        return Instrument.objects.filter(unit_q(user, "instrument"))
    q = unit_q(user, "instrument") if units else Q(pk__in=[])
    for role in (Role.PELANGGAN, Role.PENYELIA, Role.ANALIS):
        if role in roles:
            q |= Q(pk__in=Instrument.objects.filter(instrument_scope_q(user, role)).values("pk"))
    return Instrument.objects.filter(q)


def get_order_for_user(request, pk) -> Order:
    """The order `pk` in the user's view, with its company and the name of who made it (the pages show
    the name; the rest of that account is read only if something asks for it)."""
    from accounts.names import with_names

    try:
        return with_names(visible_orders(request.user).select_related("company"), "created_by").get(pk=pk)
    except (Order.DoesNotExist, ValueError):
        raise Http404 from None


def lab_audit_q(user, prefix: str = "") -> Q:
    """The audit entries a laboratory's staff see: their own instruments' entries and the order's steps
    from reception on that carry no money (payment, billing and price entries are the order's alone)."""
    from workflow.table import TRANSITIONS

    order_codes = sorted({t.code for t in TRANSITIONS if t.subject == "order" and (
        (t.step or 0) >= 11 or t.code == "order.results_ready")})
    mine = visible_instruments(user).values("pk")
    return (Q(**{f"{prefix}instrument__in": mine})
            | Q(**{f"{prefix}instrument__isnull": True, f"{prefix}order__isnull": False, f"{prefix}code__in": order_codes}))


def get_order_with_money_for_user(request, pk) -> Order:
    """An order whose prices, billings, payments or whole-order documents (reception receipt, quotation,
    hand-over record) are asked for: its customer and the centre-wide roles; laboratory staff get 404."""
    if laboratory_view(request.user):
        raise Http404
    return get_order_for_user(request, pk)


def instruments_seen_by(user, instruments):
    """Of an order's instruments, those `user` sees: all of them, or a laboratory's own part."""
    if not laboratory_view(user):
        return list(instruments)
    mine = set(visible_instruments(user).filter(pk__in=[i.pk for i in instruments]).values_list("pk", flat=True))
    return [i for i in instruments if i.pk in mine]


def get_instrument_for_user(request, pk) -> Instrument:
    try:
        return visible_instruments(request.user).select_related(
            "order", "order__company", "instrument_type", "laboratory", "supervisor").get(pk=pk)
    except (Instrument.DoesNotExist, ValueError):
        raise Http404 from None
