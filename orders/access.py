"""Who may see and act on which order and instrument. Every view fetches through these helpers."""
from django.db.models import Q
from django.http import Http404

from accounts.roles import Role
from orders.models import Instrument, Order

# Roles that see every order of the centre.
CENTRE_WIDE = {Role.ADMIN, Role.CS, Role.KETUA_PJI, Role.BENDAHARA, Role.MT, Role.KEPALA_BALAI}


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


def get_instrument_for_user(request, pk) -> Instrument:
    try:
        return visible_instruments(request.user).select_related(
            "order", "order__company", "instrument_type", "laboratory", "supervisor").get(pk=pk)
    except (Instrument.DoesNotExist, ValueError):
        raise Http404 from None
