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
