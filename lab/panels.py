"""What the order page shows of step 11, read by the order page's view."""


def reception_of(order):
    """The order's receipt with the name of who received it (one query), or None before the instruments
    came in."""
    from lab.models import Reception

    # one per order: no ordering to resolve, no LIMIT
    from accounts.names import with_names

    return next(iter(with_names(Reception.objects.filter(order_id=order.pk), "received_by").order_by()), None)
