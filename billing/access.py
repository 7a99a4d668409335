"""Who may see which billing, payment and treasurer page. Orders are reached through orders.access."""
from django.db.models import BooleanField, Func, Q
from django.http import Http404

from accounts.roles import Role
from billing.models import Billing, Payment
from orders.access import sees_money, visible_orders


def is_treasurer(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_role(Role.BENDAHARA)


def require_treasurer(request) -> None:
    """The treasurer's desk pages exist only for the treasurer (404 for anyone else)."""
    if not is_treasurer(request.user):
        raise Http404


class _Checked(Func):
    """`(condition) IS TRUE`: the same rows as the bare condition. Around an "order in the reader's
    orders" subquery it keeps PostgreSQL from turning the subquery into a join: the unit's order ids are
    read once into a hash (one index-only scan), and the newest billings are read from their index until
    a page is full, each checked in the hash; as a join, each billing read probed the orders' table
    (~1 200 probes for a page of one unit among 24)."""
    template = "(%(expressions)s) IS TRUE"
    output_field = BooleanField()


def treasurer_billings(request):
    require_treasurer(request)
    return Billing.objects.filter(_Checked(Q(order__in=visible_orders(request.user))))


def treasurer_notifications(request):
    """Payment notifications of the treasurer's units' billings, and those matching no billing (a code
    nobody issued: any treasurer may look into it)."""
    from django.db.models import Q

    from billing.models import PaymentNotification

    require_treasurer(request)
    return PaymentNotification.objects.filter(
        Q(billing__isnull=True) | Q(billing__order__in=visible_orders(request.user)))


def get_billing_for_user(request, pk) -> Billing:
    if not sees_money(request.user):  # laboratory staff: no billings
        raise Http404
    try:
        return (Billing.objects.filter(order__in=visible_orders(request.user))
                .select_related("order", "order__company", "replaces").get(pk=pk))
    except (Billing.DoesNotExist, ValueError):
        raise Http404 from None


def get_payment_for_user(request, pk) -> Payment:
    if not sees_money(request.user):
        raise Http404
    try:
        return (Payment.objects.filter(order__in=visible_orders(request.user))
                .select_related("billing", "order", "order__company", "recorded_by").get(pk=pk))
    except (Payment.DoesNotExist, ValueError):
        raise Http404 from None


def reads_every_units_money(user) -> bool:
    """A national role (ADMIN_PUSAT, PIMPINAN): reads every unit's revenue and reconciliation."""
    from orders.access import reads_every_unit

    return reads_every_unit(user)


def require_reconciliation_reader(request) -> None:
    """The reconciliation is a treasurer's (their units') and a national role's (every unit's)."""
    if not (is_treasurer(request.user) or reads_every_units_money(request.user)):
        raise Http404


def reconciliation_units(user, chosen: int | None = None) -> frozenset[int]:
    """The units whose e-billings `user` reconciles: the units they are treasurer in; every unit (or the
    one `chosen`) for a national role."""
    from units.current import every_unit_id

    if reads_every_units_money(user):
        return frozenset({chosen}) if chosen is not None else every_unit_id()
    return user.units_of(Role.BENDAHARA)
