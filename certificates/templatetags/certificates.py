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


_REPORT_WORDS: dict[str, dict[str, str]] = {}


def _report_words() -> dict[str, str]:
    """The reports' table's words, translated once per language and process (translations are fixed while
    it runs)."""
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    language = get_language()
    words = _REPORT_WORDS.get(language)
    if words is None:
        words = _REPORT_WORDS[language] = {
            "number": _("Nomor E-LHU"), "replaces": _("Menggantikan"), "tool": _("Alat"), "status": _("Status"),
            "signed": _("Ditandatangani"), "documents": _("Dokumen"), "pdf": _("E-LHU bertanda tangan (PDF)"),
            "dcc": _("Sertifikat kalibrasi digital (DCC, XML)"),
            "after_survey": _("Dapat diunduh setelah mengisi survei"), "verify": _("Verifikasi"),
            "change": _("Ajukan koreksi/pencabutan"), "send": _("Kirim ke Ketua Tim PJI"), "draft": _("Draf (PDF)")}
    return words


@register.simple_tag
def report_head():
    """The head of the order page's table of reports."""
    from django.utils.safestring import mark_safe

    from core.html import escape

    w = _report_words()
    cells = "".join(f"<th>{escape(w[name])}</th>" for name in ("number", "tool", "status", "signed", "documents"))
    return mark_safe(f"<thead><tr>{cells}</tr></thead>")


@register.simple_tag(takes_context=True)
def report_rows(context, reports):
    """The <tr> of every report of the order page's table (templates/certificates/_documents.html), written
    in one pass: the words translated once, each row's links joined from the page's link halves
    (core.paths; a report's token is URL-safe), the empty correction form rendered once (kept_forms)."""
    from core.html import format_html
    from core.paths import link, link_of
    from certificates.forms import ChangeRequestForm
    from core.templatetags.kept_forms import _PK, form_fields_for
    from orders.page import empty_form_fields
    from core.templatetags.sippt import Dates
    from django.utils.safestring import mark_safe

    user, order = context["user"], context["order"]
    customer = user.is_customer
    downloadable = not customer or order.state in ("SURVEYED", "COMPLETED")
    may_change = "CS" in (context.get("my_roles") or ())
    failed = context.get("change_failed")
    token = context.get("csrf_token")
    csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token) \
        if token and token != "NOTPROVIDED" else ""
    words = _report_words()
    statuses = {}  # each status named once per page (get_status_display translates every choice)
    links = {name: link_of(f"certificates:{name}") for name in
             ("download", "download_dcc", "verify", "request_change", "preview")}
    dates = Dates()
    # the empty correction form, rendered once per process and language, each report's id written in
    empty_change = empty_form_fields(ChangeRequestForm, f"change{_PK}_%s") if may_change else ""
    out = []
    for r in reports:
        inst = r.instrument
        replaces = format_html('<div class="muted">{} {}</div>', words["replaces"], r.replaces.number) \
            if r.replaces_id else ""
        badge = " badge-done" if r.status == "SIGNED" else " badge-bad" if r.status in ("REVOKED", "SUPERSEDED") else ""
        signed = format_html('{}<div class="muted">{}</div>', dates.moment(r.signed_at), r.signer) \
            if r.signed_at else "—"
        verify = format_html('<a href="{}">{}</a>', link(r.token, links["verify"]), words["verify"])
        if r.status == "SIGNED":
            if downloadable:
                files = format_html('<a href="{}">{}</a>', link(r.pk, links["download"]), words["pdf"])
                if r.dcc_xml:
                    files += format_html(' · <a href="{}">{}</a>', link(r.pk, links["download_dcc"]), words["dcc"])
            else:
                files = format_html('<span class="muted">{}</span>', words["after_survey"])
            change = ""
            if may_change:
                change = format_html(
                    '<details class="inline"{}><summary>{}</summary>\n'
                    '      <form method="post" action="{}">{}\n        {}\n'
                    '        <p><button type="submit" class="btn-secondary">{}</button></p>\n      </form></details>',
                    " open" if failed is not None and failed.get("pk") == r.pk else "", words["change"],
                    link(r.pk, links["request_change"]), csrf,
                    form_fields_for(context, failed, r.pk, "certificates.forms.ChangeRequestForm", "change")
                    if failed and failed.get("pk") == r.pk else mark_safe(empty_change.replace(_PK, str(r.pk))),
                    words["send"])
            document = format_html("\n    {}\n    · {}\n    {}\n  ", files, verify, change)
        elif r.status == "NUMBERED" and not customer:
            document = format_html('<a href="{}">{}</a>\n  ', link(r.pk, links["preview"]), words["draft"])
        elif r.status in ("SUPERSEDED", "REVOKED"):
            document = verify
        else:
            document = ""
        out.append(format_html(
            '<tr>\n  <td data-label="{}">{}{}</td>\n'
            '  <td data-label="{}">{}<div class="muted">{} {} · SN {}</div></td>\n'
            '  <td data-label="{}"><span class="badge{}">{}</span></td>\n'
            '  <td data-label="{}">{}</td>\n'
            '  <td data-label="{}">{}</td>\n</tr>',
            words["number"], r.number, replaces, words["tool"], inst.instrument_type, inst.brand, inst.model,
            inst.serial_number, words["status"], badge,
            statuses[r.status] if r.status in statuses else statuses.setdefault(r.status, r.get_status_display()),
            words["signed"], signed,
            words["documents"], document))
    return mark_safe("".join(out))
