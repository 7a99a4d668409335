"""The rows of the order list, written in one pass (templates/orders/list.html): fifty rows as template
nodes cost several milliseconds of variables, conditions and translations; here the words are
translated once per page and each row's links are joined from the page's link halves (core.paths)."""
from django import template
from core.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import get_language, gettext_noop

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


@register.simple_tag
def order_rows(rows, customer, units=False):
    """The <tr> of every (order, next_codes, expected_at) row, the order a named row of orders.views.LIST_COLUMNS;
    `customer`: with the column of what to do;
    `units`: with the column of the order's unit (its short name from the units' cached table). The words
    are translated and escaped once per page, each state, company, unit and date written once."""
    detail_head, detail_tail = map(escape, link_of("orders:detail"))
    words = {"number": _("Nomor"), "company": _("Perusahaan"), "created": _("Dibuat"), "state": _("Status"),
             "unit": _("Unit"), "expected": _("Perkiraan LHU selesai"), "todo": _("Yang perlu Anda lakukan"),
             "nothing": _("Tidak ada; kami sedang memprosesnya.")}
    w = {key: escape(word) for key, word in words.items()}
    actions = [(code, tuple(map(escape, link_of(page))), escape(_(text))) for code, page, text in NEXT_ACTIONS]
    nothing = f'<span class="muted">{w["nothing"]}</span>'
    dates = Dates()
    names = unit_facts() if units else {}  # once per page: it is read from the shared cache
    states, companies, days, unit_cells = {}, {}, {}, {}

    def day(value):
        if value not in days:
            days[value] = escape(dates.date(value))
        return days[value]

    out = []
    for order, next_codes, expected_at in rows:
        pk = order.pk
        state = states.get(order.state)
        if state is None:
            state = states[order.state] = escape(state_name("order", order.state))
        company = companies.get(order.company_id)
        if company is None:
            company = companies[order.company_id] = escape(order.company__name)
        label = order.number or _order_label(order)
        row = (f'<tr><td data-label="{w["number"]}"><a href="{detail_head}{pk}{detail_tail}">{escape(label)}</a></td>'
               f'<td data-label="{w["company"]}">{company}</td><td data-label="{w["created"]}">'
               f'{day(order.created_at)}</td><td data-label="{w["state"]}"><span class="badge">{state}</span></td>'
               f'<td data-label="{w["expected"]}">{day(expected_at)}</td>')
        if units:
            cell = unit_cells.get(order.unit_id)
            if cell is None:
                facts = names.get(order.unit_id)
                cell = unit_cells[order.unit_id] = \
                    f'<td data-label="{w["unit"]}">{escape(facts[2]) if facts else "—"}</td>'
            row += cell
        if customer:
            todo = nothing
            for code, (head, tail), text in actions:
                if code in next_codes:
                    todo = f'<a href="{head}{pk}{tail}">{text}</a>'
                    break
            row += f'<td data-label="{w["todo"]}">{todo}</td>'
        out.append(row + "</tr>")
    return mark_safe("\n".join(out))


@register.simple_tag
def state_options(states, chosen):
    """The <option> of every (value, name) state of the list's filter, `chosen` selected: one string, not a
    loop of template nodes."""
    return mark_safe("".join(
        f'<option value="{escape(value)}" {"selected" if value == chosen else ""}>{escape(name)}</option>'
        for value, name in states))


def _order_label(row) -> str:
    """An order without a number yet, as it names itself (Order.__str__)."""
    from orders.models import Order

    return str(Order(pk=row.pk, number=row.number, state=row.state))


_TIMELINE_NAMES: dict[str, dict] = {}


@register.simple_tag
def timeline_rows(entries):
    """The <li> of every audit entry of the order page's timeline, each with the office time its step took.
    An order's entries repeat a few roles, states, steps, people, instruments, moments and step times:
    each is looked up (in the page's language), written and escaped once per page, and each row joined
    in one piece."""
    from workflow.templatetags.sop import role_name, took

    language = get_language()
    # the role, state and step names of the language, escaped: kept for the process (translations are
    # fixed while it runs), each looked up once
    names = _TIMELINE_NAMES.setdefault(language, {})
    if "step" not in names:
        names["step"] = escape(_("Langkah"))
    step_word = names["step"]
    dates = Dates()
    people, samples, moments, times = {}, {}, {}, {}

    def role(code):
        key = ("role", code)
        if key not in names:
            names[key] = escape(role_name(code))
        return names[key]

    def state(subject, code):
        key = ("state", subject, code)
        if key not in names:
            names[key] = escape(state_name(subject, code))
        return names[key]

    out = []
    for e in entries:
        step = f"{step_word} {e.step}: " if e.step else ""
        label = names.get(("label", e.code))
        if label is None:
            label = names[("label", e.code)] = escape(e.label)
        inst = e.instrument
        if inst is None:
            instrument = ""
        elif inst.pk in samples:
            instrument = samples[inst.pk]
        else:
            sample = escape(inst.sample_id or inst.serial_number)
            instrument = samples[inst.pk] = f' <span class="muted">({sample})</span>'
        if not e.actor:
            who = ""
        elif e.actor in people:
            who = people[e.actor]
        else:
            who = people[e.actor] = f"{escape(e.actor)} · "
        if e.from_state:
            moved = f" · {state(e.subject, e.from_state)} → {state(e.subject, e.to_state)}"
        else:  # a creation: the item comes into being in its first state
            moved = f" · {state(e.subject, e.to_state)}" if e.to_state else ""
        took_html = ""
        if e.took:
            t = e.took
            key = (t.minutes, t.working_days, t.norm_minutes, t.norm_working_days, t.customer_step)
            if key not in times:
                times[key] = f"\n    <div>{took(t)}</div>"
            took_html = times[key]
        note = f'\n    <div class="muted">{escape(e.note)}</div>' if e.note else ""
        if e.at not in moments:
            moments[e.at] = dates.moment(e.at)
        out.append(f'  <li><span class="when">{moments[e.at]}</span> · <strong>{step}{label}</strong>'
                   f"{instrument}\n    <div>{who}{role(e.role)}{moved}</div>{took_html}{note}</li>")
    return mark_safe("\n".join(out))


_INSTRUMENT_WORDS: dict[str, dict[str, str]] = {}


def _instrument_words(language) -> dict[str, str]:
    """The instruments' table's words, translated and escaped once per language and process (translations
    are fixed while it runs)."""
    words = _INSTRUMENT_WORDS.get(language)
    if words is None:
        words = {"tool": _("Alat"), "customer_id": _("ID pelanggan"), "sample": _("No. sampel"),
                 "supervisor": _("Penyelia"), "capacity": _("Kapasitas · resolusi"), "points": _("Titik/kanal"),
                 "tolerance": _("Toleransi"), "price": _("Harga"), "status": _("Status"), "total": _("Total")}
        words = _INSTRUMENT_WORDS[language] = {key: escape(word) for key, word in words.items()}
    return words


@register.simple_tag
def instrument_table(instruments, sees_money, names, total):
    """The head, the rows (`instrument_rows`) and, for who sees money, the total of the order page's table of
    instruments."""
    from core.templatetags.sippt import rupiah

    words = _instrument_words(get_language())
    price = f'<th class="num">{words["price"]}</th>' if sees_money else ""
    foot = (f'<tfoot><tr><th colspan="4">{words["total"]}</th><th class="num">{escape(rupiah(total))}</th><th></th>'
            f"</tr></tfoot>") if sees_money else ""
    return mark_safe(f'<thead><tr><th>#</th><th>{words["tool"]}</th><th>{words["capacity"]}</th>'
                     f'<th>{words["points"]}</th>{price}<th>{words["status"]}</th></tr></thead>\n'
                     f"<tbody>{instrument_rows(instruments, sees_money, names)}</tbody>\n{foot}")


@register.simple_tag
def instrument_rows(instruments, sees_money, names):
    """The <tr> of every instrument of the order page; `names`: the name of each supervisor and analyst
    (accounts.names); the price column only for who sees money. Each type, laboratory, parameter and
    status is named (in the page's language) and escaped once per page, each amount written with the
    page's separators."""
    from core.formatting import rupiah as written_rupiah

    language = get_language()
    words = _instrument_words(language)
    page = link_of("orders:instrument")
    memo = {}

    def once(key, make):
        if key not in memo:
            memo[key] = escape(make())
        return memo[key]

    def rupiah(value):  # escaped, with the page's separators
        return escape(written_rupiah(value, language))

    out = []
    for inst in instruments:
        kind = once(("type", inst.instrument_type_id), lambda: inst.instrument_type)
        ident = f" · {words['customer_id']} {escape(inst.customer_identification)}" \
            if inst.customer_identification else ""
        sample = ""
        if inst.sample_id:
            supervisor = ""
            if inst.supervisor_id:
                name = once(("name", inst.supervisor_id), lambda: names.get(inst.supervisor_id, ""))
                supervisor = f" · {words['supervisor']} {name}"
            laboratory = once(("lab", inst.laboratory_id), lambda: inst.laboratory)
            sample = f'<div class="muted">{words["sample"]} {escape(inst.sample_id)} · {laboratory}{supervisor}</div>'
        params = []
        for p in inst.parameters.all():
            label = once(("param", inst.instrument_type_id, p.name), lambda: p.display_name)
            params.append(f"{label}: {once(('name', p.analyst_id), lambda: names.get(p.analyst_id, ''))}"
                          if p.analyst_id else label)
        params = f'<div class="muted">{"; ".join(params)}</div>' if params else ""
        resolution = f" · {escape(inst.resolution)}" if inst.resolution else ""
        units = f" ({escape(inst.units)})" if inst.tariff_unit == "POINT" else ""
        tolerance = f'<div class="muted">{words["tolerance"]} {escape(inst.tolerance)}</div>' if inst.tolerance else ""
        price = ""
        if sees_money:
            if inst.corrected_amount is not None:
                amount = (f'<s>{rupiah(inst.amount)}</s> {rupiah(inst.corrected_amount)}'
                          f'<div class="muted">{escape(inst.correction_reason)}</div>')
            else:
                amount = rupiah(inst.amount)
            reduction = format_html(
                '\n    <div class="muted">{}: {}</div>',
                _("Keringanan %(p)s%% (%(basis)s)") % {"p": inst.reduction_percent, "basis": inst.reduction_basis},
                inst.reduction_reason) if inst.reduction_percent else "\n    "
            tariff_unit = once(("unit", inst.tariff_unit), inst.get_tariff_unit_display)
            price = (f'  <td data-label="{words["price"]}" class="num">{amount}\n    <div class="muted">'
                     f'{rupiah(inst.unit_price)} {tariff_unit} · {escape(inst.tariff.code)} · '
                     f'{escape(inst.tariff.regulation.number)}</div>{reduction}</td>')
        rejected = f'<div class="muted">{escape(inst.rejection_reason)}</div>' if inst.rejection_reason else ""
        status = once(("status", inst.state, inst.order.state), lambda: inst.status_label)
        bad = " badge-bad" if inst.state == "REJECTED" else ""
        out.append(
            f'\n<tr>\n  <td data-label="#">{escape(inst.position)}</td>\n'
            f'  <td data-label="{words["tool"]}"><a href="{link(inst.pk, page)}">{kind}</a><div>{escape(inst.brand)} '
            f'{escape(inst.model)} · SN {escape(inst.serial_number)}{ident}</div>\n    {sample}\n    {params}</td>\n'
            f'  <td data-label="{words["capacity"]}">{escape(inst.capacity)}{resolution}</td>\n'
            f'  <td data-label="{words["points"]}">{escape(inst.points or "—")}{units}{tolerance}</td>\n{price}\n'
            f'  <td data-label="{words["status"]}"><span class="badge{bad}">'
            f'{status}</span>{rejected}</td>\n</tr>')
    return mark_safe("".join(out))
