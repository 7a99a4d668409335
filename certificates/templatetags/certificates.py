from django import template

register = template.Library()


@register.simple_tag
def heads_of_centre():
    """The accounts CS may ask to sign (step 18), for the order panel's choice."""
    from certificates.services import heads_of_centre as heads

    return list(heads())


@register.simple_tag
def order_reports(order):
    """The order's live reports (numbered or signed), in instrument order."""
    from certificates.services import live_reports

    return list(live_reports(order))
