"""Who may see which billing, payment and treasurer page. Orders are reached through orders.access."""
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


def treasurer_billings(request):
    require_treasurer(request)
    return Billing.objects.filter(order__in=visible_orders(request.user))


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
