"""The rows of the order list, written in one pass (templates/orders/list.html): fifty rows as template
nodes cost several milliseconds of variables, conditions and translations; here the words are
translated once per page and each row's links are joined from the page's link halves (core.paths)."""
from django import template
from core.html import escape, format_html, format_html_join
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
    """The <li> of every audit entry of the order page's timeline, each with the office time its step took.
    An order's entries repeat a few roles, states and steps: each name is looked up (in the page's
    language) and escaped once per page, and each row joined in one piece."""
    from workflow.templatetags.sop import role_name, took

    step_word = escape(_("Langkah"))
    dates = Dates()
    roles, states, labels = {}, {}, {}

    def role(code):
        if code not in roles:
            roles[code] = escape(role_name(code))
        return roles[code]

    def state(subject, code):
        key = (subject, code)
        if key not in states:
            states[key] = escape(state_name(subject, code))
        return states[key]

    out = []
    for e in entries:
        step = f"{step_word} {e.step}: " if e.step else ""
        if e.code not in labels:
            labels[e.code] = escape(e.label)
        inst = e.instrument
        instrument = f' <span class="muted">({escape(inst.sample_id or inst.serial_number)})</span>' if inst else ""
        who = f"{escape(e.actor)} · " if e.actor else ""
        if e.from_state:
            moved = f" · {state(e.subject, e.from_state)} → {state(e.subject, e.to_state)}"
        else:  # a creation: the item comes into being in its first state
            moved = f" · {state(e.subject, e.to_state)}" if e.to_state else ""
        took_html = f"\n    <div>{took(e.took)}</div>" if e.took else ""
        note = f'\n    <div class="muted">{escape(e.note)}</div>' if e.note else ""
        out.append(f'  <li><span class="when">{dates.moment(e.at)}</span> · <strong>{step}{labels[e.code]}</strong>'
                   f"{instrument}\n    <div>{who}{role(e.role)}{moved}</div>{took_html}{note}</li>")
    return mark_safe("\n".join(out))


@register.simple_tag
def instrument_rows(instruments, sees_money, names):
    """The <tr> of every instrument of the order page; `names`: the name of each supervisor and analyst
    (accounts.names); the price column only for who sees money."""
    from core.templatetags.sippt import rupiah

    words = {"tool": _("Alat"), "customer_id": _("ID pelanggan"), "sample": _("No. sampel"),
             "supervisor": _("Penyelia"), "capacity": _("Kapasitas · resolusi"), "points": _("Titik/kanal"),
             "tolerance": _("Toleransi"), "price": _("Harga"), "status": _("Status")}
    page = link_of("orders:instrument")
    out = []
    for inst in instruments:
        ident = format_html(" · {} {}", words["customer_id"], inst.customer_identification) \
            if inst.customer_identification else ""
        sample = ""
        if inst.sample_id:
            supervisor = format_html(" · {} {}", words["supervisor"], names.get(inst.supervisor_id, "")) \
                if inst.supervisor_id else ""
            sample = format_html('<div class="muted">{} {} · {}{}</div>', words["sample"], inst.sample_id,
                                 inst.laboratory, supervisor)
        params = [format_html("{}: {}", p.display_name, names.get(p.analyst_id, "")) if p.analyst_id
                  else format_html("{}", p.display_name) for p in inst.parameters.all()]
        params = format_html('<div class="muted">{}</div>', mark_safe("; ".join(params))) if params else ""
        resolution = format_html(" · {}", inst.resolution) if inst.resolution else ""
        units = format_html(" ({})", inst.units) if inst.tariff_unit == "POINT" else ""
        tolerance = format_html('<div class="muted">{} {}</div>', words["tolerance"], inst.tolerance) \
            if inst.tolerance else ""
        price = ""
        if sees_money:
            if inst.corrected_amount is not None:
                amount = format_html('<s>{}</s> {}<div class="muted">{}</div>', rupiah(inst.amount),
                                     rupiah(inst.corrected_amount), inst.correction_reason)
            else:
                amount = rupiah(inst.amount)
            reduction = format_html(
                '\n    <div class="muted">{}: {}</div>',
                _("Keringanan %(p)s%% (%(basis)s)") % {"p": inst.reduction_percent, "basis": inst.reduction_basis},
                inst.reduction_reason) if inst.reduction_percent else "\n    "
            price = format_html(
                '  <td data-label="{}" class="num">{}\n    <div class="muted">{} {} · {} · {}</div>{}</td>',
                words["price"], amount, rupiah(inst.unit_price), inst.get_tariff_unit_display(), inst.tariff.code,
                inst.tariff.regulation.number, reduction)
        rejected = format_html('<div class="muted">{}</div>', inst.rejection_reason) if inst.rejection_reason else ""
        out.append(format_html(
            '\n<tr>\n  <td data-label="#">{}</td>\n'
            '  <td data-label="{}"><a href="{}">{}</a><div>{} {} · SN {}{}</div>\n    {}\n    {}</td>\n'
            '  <td data-label="{}">{}{}</td>\n'
            '  <td data-label="{}">{}{}{}</td>\n{}\n'
            '  <td data-label="{}"><span class="badge{}">{}</span>{}</td>\n</tr>',
            inst.position, words["tool"], link(inst.pk, page), inst.instrument_type, inst.brand, inst.model,
            inst.serial_number, ident, sample, params, words["capacity"], inst.capacity, resolution,
            words["points"], inst.points or "—", units, tolerance, price,
            words["status"], " badge-bad" if inst.state == "REJECTED" else "", inst.status_label, rejected))
    return mark_safe("".join(out))
