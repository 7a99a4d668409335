"""The rows of an inbox, written in one pass (templates/workflow/inbox.html). An inbox shows 50 items or
more; as template nodes each row cost ~80 µs (twenty variables, conditions and translations), written
here ~15 µs. The words of the columns are translated once per page; each row's link is joined from the
page's link halves (core.paths)."""
from html import escape as _text

from django import template

from core.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.paths import link
from core.templatetags.sippt import Dates
from workflow.registry import SUBJECTS
from workflow.templatetags.sop import _translated as clock_word
from workflow.templatetags.sop import clock_parts, state_name

register = template.Library()


def _sent_back(item, words) -> str:
    obj = item.obj
    note = getattr(obj, "sent_back_note", None)  # item.sent_back and its reason, read once
    if note is None:
        return ""
    if note:
        return (f'<div class="sent-back"><span class="badge badge-bad">{words["back!"]}</span> '
                f'<span class="sent-back-reason">{words["reason!"]}: {_text(note)}</span></div>')
    return f'<div class="sent-back"><span class="badge badge-bad">{words["back!"]}</span></div>'


def _account(item, links, words):
    obj = item.obj
    return (format_html('<a href="{}">{}: {}</a>', link(obj.pk, links["account"]), words["account"], obj.full_name),
            obj.company)


def _order(item, links, words):
    obj = item.obj
    return (SafeString(f'<a href="{_text(link(obj.pk, links["order"]))}">{_text(str(obj))}</a> '
            f'<span class="badge">{_text(state_name("order", obj.state))}</span>{_sent_back(item, words)}'),
            obj.company)


def _instrument(item, links, words):
    obj = item.obj
    kind = obj.instrument_type
    kind = kind.name_en if words["english"] and kind.name_en else kind.name  # its display_name
    # the words between the values escape to themselves: each text escaped whole
    return (SafeString(f'<a href="{_text(link(obj.pk, links["instrument"]))}">{_text(f"{obj.sample_id or obj.pk} · {kind}")}'
                       f'</a>\n          <div class="muted">'
                       f'{_text(f"{obj.order} · {obj.brand} {obj.model} SN {obj.serial_number}")}</div>'
                       f'{_sent_back(item, words)}'),
            obj.order.company)


def _other(item, links, words):
    """An item of another lifecycle (a complaint, a personal-data request...): its name, linked to its page."""
    obj = item.obj
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    return (format_html('<a href="{}">{}</a>', url, obj) if url else str(obj)), getattr(obj, "company", None) or "—"


_ITEM = {"account": _account, "order": _order, "instrument": _instrument}


def _clock(clock, dates, language: str, limit: str) -> str:
    """sop.sla_clock's badge (`limit`: its tooltip's word, escaped)."""
    text, css = clock_parts(clock, language)
    if clock is not None and clock.due_at is not None:
        return f'<span class="clock {css}" title="{limit}: {_text(dates.moment(clock.due_at))}">{_text(text)}</span>'
    return f'<span class="clock {css}" title="">{_text(text)}</span>'


@register.simple_tag
def inbox_rows(items, links):
    """The <tr> of every inbox item. `links`: subject -> (head, tail) of its page's URL."""
    words = {"item": _("Item"), "customer": _("Pelanggan"), "step": _("Langkah"),
             "in": pgettext("waktu tiba di kotak kerja", "Masuk"), "sop": _("Waktu SOP"), "account": _("Akun"),
             "back": _("Dikembalikan"), "reason": _("Alasan")}
    language = get_language()
    english = (language or "").startswith("en")
    words.update({"back!": escape(words["back"]), "reason!": escape(words["reason"]), "english": english})
    dates = Dates()
    limit = escape(clock_word(language, "Batas"))
    # the column words are the same on every row: escaped once, into the row's pattern
    label = {key: escape(words[key]) for key in ("item", "customer", "step", "in", "sop")}
    cells = (f'<tr><td data-label="{label["item"]}">', f'</td><td data-label="{label["customer"]}">',
             f'</td><td data-label="{label["step"]}">', f'</td><td data-label="{label["in"]}">',
             f'</td><td data-label="{label["sop"]}">', '</td></tr>')
    rows = []
    for item in items:
        described, company = _ITEM.get(item.subject, _other)(item, links, words)
        clock = item.clock
        if clock:
            step = f"{clock.row.step}. {clock.row.name_en if english else clock.row.name_id}"
        else:
            step = state_name(item.subject, SUBJECTS[item.subject].state_of(item.obj))
        rows.append(f"{cells[0]}{escape(described)}{cells[1]}{escape(company)}{cells[2]}{_text(step)}{cells[3]}"
                    f"{_text(dates.moment(item.obj.state_entered_at))}{cells[4]}"
                    f"{_clock(clock, dates, language, limit)}{cells[5]}")
    return mark_safe("\n".join(rows))
