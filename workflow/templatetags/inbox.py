"""The rows of an inbox, written in one pass (templates/workflow/inbox.html). An inbox shows 50 items or
more; as template nodes each row cost ~80 µs (twenty variables, conditions and translations), written
here ~15 µs. The words of the columns are translated once per page; each row's link is joined from the
page's link halves (core.paths)."""
from django import template
from core.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.paths import link
from core.templatetags.sippt import Dates
from workflow.registry import SUBJECTS
from workflow.templatetags.sop import sla_clock, state_name

register = template.Library()


def _sent_back(item, words) -> str:
    if not item.sent_back:
        return ""
    reason = item.sent_back_reason
    if reason:
        return format_html('<div class="sent-back"><span class="badge badge-bad">{}</span> '
                           '<span class="sent-back-reason">{}: {}</span></div>', words["back"], words["reason"], reason)
    return format_html('<div class="sent-back"><span class="badge badge-bad">{}</span></div>', words["back"])


def _account(item, links, words):
    obj = item.obj
    return (format_html('<a href="{}">{}: {}</a>', link(obj.pk, links["account"]), words["account"], obj.full_name),
            obj.company)


def _order(item, links, words):
    obj = item.obj
    return (format_html('<a href="{}">{}</a> <span class="badge">{}</span>{}', link(obj.pk, links["order"]), obj,
                        state_name("order", obj.state), _sent_back(item, words)),
            obj.company)


def _instrument(item, links, words):
    obj = item.obj
    return (format_html('<a href="{}">{} · {}</a>\n          <div class="muted">{} · {} {} SN {}</div>{}',
                        link(obj.pk, links["instrument"]), obj.sample_id or obj.pk, obj.instrument_type.display_name,
                        obj.order, obj.brand, obj.model, obj.serial_number, _sent_back(item, words)),
            obj.order.company)


def _other(item, links, words):
    """An item of another lifecycle (a complaint, a personal-data request...): its name, linked to its page."""
    obj = item.obj
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    return (format_html('<a href="{}">{}</a>', url, obj) if url else str(obj)), getattr(obj, "company", None) or "—"


_ITEM = {"account": _account, "order": _order, "instrument": _instrument}


@register.simple_tag
def inbox_rows(items, links):
    """The <tr> of every inbox item. `links`: subject -> (head, tail) of its page's URL."""
    words = {"item": _("Item"), "customer": _("Pelanggan"), "step": _("Langkah"),
             "in": pgettext("waktu tiba di kotak kerja", "Masuk"), "sop": _("Waktu SOP"), "account": _("Akun"),
             "back": _("Dikembalikan"), "reason": _("Alasan")}
    language = get_language()
    english = (language or "").startswith("en")
    dates = Dates()
    # the column words are the same on every row: escaped once, into the row's pattern
    label = {key: escape(words[key]).replace("{", "{{").replace("}", "}}") for key in ("item", "customer", "step", "in", "sop")}
    pattern = (f'<tr><td data-label="{label["item"]}">{{}}</td><td data-label="{label["customer"]}">{{}}</td>'
               f'<td data-label="{label["step"]}">{{}}</td><td data-label="{label["in"]}">{{}}</td>'
               f'<td data-label="{label["sop"]}">{{}}</td></tr>')
    rows = []
    for item in items:
        described, company = _ITEM.get(item.subject, _other)(item, links, words)
        clock = item.clock
        if clock:
            step = f"{clock.row.step}. {clock.row.name_en if english else clock.row.name_id}"
        else:
            step = state_name(item.subject, SUBJECTS[item.subject].state_of(item.obj))
        rows.append((described, company, step, dates.moment(item.obj.state_entered_at),
                     sla_clock(clock, dates, language)))
    return format_html_join(mark_safe("\n"), pattern, rows)
