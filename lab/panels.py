"""What the order page shows of step 11, read by the order page's view."""


def reception_of(order):
    """The order's receipt with who received it (one query), or None before the instruments came in."""
    from lab.models import Reception

    # one per order: no ordering to resolve, no LIMIT
    return next(iter(Reception.objects.select_related("received_by").filter(order_id=order.pk).order_by()), None)
