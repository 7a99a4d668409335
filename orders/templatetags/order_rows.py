"""The rows of the order list, written in one pass (templates/orders/list.html): fifty rows as template
nodes cost several milliseconds of variables, conditions and translations; here the words are
translated once per page and each row's links are joined from the page's link halves (core.paths)."""
from django import template
from core.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.paths import link, link_of
from core.templatetags.sippt import Dates
from units.current import unit_facts
from workflow.templatetags.sop import state_name

register = template.Library()

# What the customer does next on an order, by the first of these codes they may run: (code, page, words).
NEXT_ACTIONS = (
    ("order.submit", "orders:edit", gettext_noop("Lengkapi dan ajukan pesanan")),
    ("order.accept_price", "orders:detail", gettext_noop("Periksa harga dan setujui")),
    ("order.submit_payment", "orders:detail", gettext_noop("Bayar e-billing dan unggah bukti")),
    ("order.fill_survey", "orders:detail", gettext_noop("Isi survei lalu unduh E-LHU")),
    ("order.complete", "orders:detail", gettext_noop("Periksa E-LHU dan selesaikan order")),
)


def _next_action(next_codes, pk, words) -> str:
    for code, page, _text in NEXT_ACTIONS:
        if code in next_codes:
            return format_html('<a href="{}">{}</a>', link(pk, link_of(page)), words[code])
    return format_html('<span class="muted">{}</span>', words["nothing"])


@register.simple_tag
def order_rows(rows, customer, units=False):
    """The <tr> of every (order, next_codes, expected_at) row; `customer`: with the column of what to do;
    `units`: with the column of the order's unit (its short name from the units' cached table)."""
    detail = link_of("orders:detail")
    words = {"number": _("Nomor"), "company": _("Perusahaan"), "created": _("Dibuat"), "state": _("Status"),
             "unit": _("Unit"),
             "expected": _("Perkiraan LHU selesai"), "todo": _("Yang perlu Anda lakukan"),
             "nothing": _("Tidak ada; kami sedang memprosesnya."),
             **{code: _(text) for code, _page, text in NEXT_ACTIONS}}
    cells = '<td data-label="{}"><a href="{}">{}</a></td><td data-label="{}">{}</td><td data-label="{}">{}</td>' \
            '<td data-label="{}"><span class="badge">{}</span></td><td data-label="{}">{}</td>'
    dates = Dates()
    names = unit_facts() if units else {}  # once per page: it is read from the shared cache
    out = []
    for order, next_codes, expected_at in rows:
        row = format_html(cells, words["number"], link(order.pk, detail), order, words["company"], order.company,
                          words["created"], dates.date(order.created_at), words["state"],
                          state_name("order", order.state), words["expected"],
                          dates.date(expected_at))
        if units:
            facts = names.get(order.unit_id)
            row += format_html('<td data-label="{}">{}</td>', words["unit"], facts[2] if facts else "—")
        if customer:
            row += format_html('<td data-label="{}">{}</td>', words["todo"], _next_action(next_codes, order.pk, words))
        out.append((row,))
    return format_html_join(mark_safe("\n"), "<tr>{}</tr>", out)


@register.simple_tag
def timeline_rows(entries):
    """The <li> of every audit entry of the order page's timeline, each with the office time its step took."""
    from workflow.templatetags.sop import role_name, took

    step_word = _("Langkah")
    dates = Dates()
    out = []
    for e in entries:
        step = format_html("{} {}: ", step_word, e.step) if e.step else ""
        inst = getattr(e, "instrument", None)
        instrument = format_html(' <span class="muted">({})</span>', inst.sample_id or inst.serial_number) if inst else ""
        who = format_html("{} · ", e.actor) if e.actor else ""
        if e.from_state:
            states = format_html(" · {} → {}", state_name(e.subject, e.from_state), state_name(e.subject, e.to_state))
        else:  # a creation: the item comes into being in its first state
            states = format_html(" · {}", state_name(e.subject, e.to_state)) if e.to_state else ""
        took_html = format_html("\n    <div>{}</div>", took(e.took)) if getattr(e, "took", None) else ""
        note = format_html('\n    <div class="muted">{}</div>', e.note) if e.note else ""
        out.append((dates.moment(e.at), step, e.label, instrument, who, role_name(e.role), states, took_html, note))
    return format_html_join(
        mark_safe("\n"),
        '  <li><span class="when">{}</span> · <strong>{}{}</strong>{}\n    <div>{}{}{}</div>{}{}</li>', out)
