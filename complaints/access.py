"""Who may see which complaint: whoever may see its order (the customer's company, the centre-wide
staff, the supervisors and analysts of its instruments) and the member of staff it is assigned to.
Every complaint page fetches through these helpers."""
from django.db.models import Q
from django.http import Http404

from complaints.models import Complaint
from orders.access import visible_orders


def visible_complaints(user):
    if not user.is_authenticated:
        return Complaint.objects.none()
    return Complaint.objects.filter(Q(order__in=visible_orders(user).values("pk")) | Q(assignee=user))


def complaints_of_visible_order(order):
    """The complaints of an order its reader sees, newest first. `order` must come from the order access
    helpers (orders.access.get_order_for_user): whoever sees an order sees every complaint of it, so
    `visible_complaints` would add only its subquery of every visible order."""
    return Complaint.objects.filter(order_id=order.pk).order_by("-created_at")


def get_complaint_for_user(request, pk) -> Complaint:
    try:
        return visible_complaints(request.user).select_related(
            "order", "company", "raised_by", "assignee").get(pk=pk)
    except (Complaint.DoesNotExist, ValueError):
        raise Http404 from None
