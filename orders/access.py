"""Who may see and act on which order and instrument. Every view fetches through these helpers."""
from django.db.models import Q
from django.http import Http404

from accounts.roles import Role
from orders.models import Instrument, Order

# Roles that see every order of the centre.
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


def order_in_scope(user, role, order) -> bool:
    if role in CENTRE_WIDE:
        return True
    if role == Role.PELANGGAN:
        return user.company_id is not None and order.company_id == user.company_id
    if role == Role.PENYELIA:
        return order.instruments.filter(laboratory_id=user.laboratory_id).exists()
    if role == Role.ANALIS:
        return order.instruments.filter(parameters__analyst=user).exists()
    return False


def instrument_in_scope(user, role, instrument) -> bool:
    if role in CENTRE_WIDE:
        return True
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
    """A filter on instruments for `role`; None means no limit. `prefix` reaches instruments from
    another model (e.g. "instruments__" from Order)."""
    if role in CENTRE_WIDE:
        return None
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
    roles = user.role_codes
    if roles & CENTRE_WIDE:
        return Order.objects.all()
    q = Q(pk__in=[])
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
    roles = user.role_codes
    if roles & CENTRE_WIDE:
        return Instrument.objects.all()
    q = Q(pk__in=[])
    for role in (Role.PELANGGAN, Role.PENYELIA, Role.ANALIS):
        if role in roles:
            q |= Q(pk__in=Instrument.objects.filter(instrument_scope_q(user, role)).values("pk"))
    return Instrument.objects.filter(q)


def get_order_for_user(request, pk) -> Order:
    try:
        return visible_orders(request.user).select_related("company", "created_by").get(pk=pk)
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
