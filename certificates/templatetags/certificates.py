from django import template

register = template.Library()


@register.filter
def angka_sertifikat(value) -> str:
    """A number as the bilingual certificate writes it, whatever the reader's language: a decimal point
    and thousands grouped by a thin space ("5000.03" -> "5 000.03"); see core.formatting."""
    from core.formatting import certificate_quantity

    if value is None or value == "":
        return ""
    return certificate_quantity(value)


@register.filter
def jabatan(title) -> str:
    """A signer's position title on a page: a title that is a role's name ("Kepala Balai"), alone or after
    "Plh."/"Plt.", reads in the page's language ("Head of Centre", "Acting Head of Centre"); any other title
    (an official title with the centre's name) stays as recorded."""
    from django.utils.translation import gettext, override

    from accounts.roles import Role

    title = (title or "").strip()
    acting = ""
    for prefix in ("Plh. ", "Plt. "):
        if title.startswith(prefix):
            acting, title = prefix, title[len(prefix):]
    for role in Role:
        with override("id"):
            indonesian = str(role.label)
        if title == indonesian:
            if acting == "Plh. ":
                return gettext("Plh. %(role)s") % {"role": role.label}
            if acting == "Plt. ":
                return gettext("Plt. %(role)s") % {"role": role.label}
            return str(role.label)
    return acting + title


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


@register.simple_tag
def all_reports(order, user):
    """Every report of the order the user may see (a laboratory: its own instruments' only), also those
    superseded or revoked, in instrument order."""
    from orders.access import laboratory_view, visible_instruments

    reports = order.reports.select_related("instrument", "instrument__instrument_type", "signer", "replaces")
    if laboratory_view(user):
        reports = reports.filter(instrument__in=visible_instruments(user).values("pk"))
    return list(reports.prefetch_related("changes"))


@register.simple_tag
def report_changes(order, user):
    """The order's correction and revocation requests the user may see, newest first."""
    from certificates.amendments import changes_of
    from orders.access import laboratory_view, visible_instruments

    changes = changes_of(order)
    if laboratory_view(user):
        changes = changes.filter(report__instrument__in=visible_instruments(user).values("pk"))
    return list(changes.order_by("-requested_at", "-id"))


@register.simple_tag
def roles_of(user):
    """The role codes `user` holds, for showing the buttons of each role."""
    return user.role_codes if user.is_authenticated else frozenset()


@register.simple_tag
def may_sign_now(user):
    """Whether `user` may sign reports today (head of centre, or acting head within the period)."""
    from certificates.delegation import may_sign

    return bool(user.is_authenticated and may_sign(user))
