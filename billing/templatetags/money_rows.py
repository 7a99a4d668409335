"""The order page's billings, payment proofs, payments and refunds (templates/billing/_documents.html),
written in one pass: the words translated once per page, each status named once per value, the links
joined from the page's link halves (core.paths)."""
from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.html import escape
from core.paths import link, link_of
from core.templatetags.sippt import Dates, rupiah

register = template.Library()


def _named(names: dict, obj, field: str) -> str:
    """`obj.get_<field>_display()`, escaped, once per value on the page (it translates every choice)."""
    key = (type(obj), field, getattr(obj, field))
    if key not in names:
        names[key] = escape(getattr(obj, f"get_{field}_display")())
    return names[key]


_WORDS: dict[str, tuple[str, ...]] = {}


def _columns() -> tuple[str, ...]:
    """The billings' columns, translated and escaped once per language and process (translations are fixed
    while it runs)."""
    language = get_language()
    if language not in _WORDS:
        _WORDS[language] = tuple(escape(word) for word in (
            _("Kode billing"), _("Jumlah"), _("Dibuat"), pgettext("kolom batas waktu", "Kedaluwarsa"), _("Status")))
    return _WORDS[language]


@register.simple_tag
def billing_table(money):
    """The head and the rows of the order's table of billings."""
    code, amount, created, expires, status = _columns()
    return mark_safe(f'<thead><tr><th>{code}</th><th class="num">{amount}</th><th>{created}</th><th>{expires}</th>'
                     f"<th>{status}</th></tr></thead>\n<tbody>{billing_cells(money)}</tbody>")


@register.simple_tag
def billing_cells(money):
    """The <tr> of every billing of the order."""
    code, amount, created, expires, status = _columns()
    replacing = None
    pdf, dates, names, out = link_of("billing:billing_pdf"), Dates(), {}, []
    for b in money.billings:
        replaces = b.replaces if b.replaces_id is not None else None
        if replaces:
            replacing = replacing or escape(_("menggantikan"))
            replaces = f'<div class="muted">{replacing} {escape(replaces.code)}</div>'
        else:
            replaces = ""
        out.append(
            f'<tr><td data-label="{code}"><a href="{link(b.pk, pdf)}">{escape(b.code)}</a>{replaces}</td>'
            f'<td class="num" data-label="{amount}">{escape(rupiah(b.amount))}</td>'
            f'<td data-label="{created}">{escape(dates.moment(b.created_at))}</td>'
            f'<td data-label="{expires}">{escape(dates.moment(b.expires_at))}</td>'
            f'<td data-label="{status}"><span class="badge{" badge-done" if b.status == "PAID" else ""}">'
            f'{_named(names, b, "status")}</span></td></tr>')
    return mark_safe("".join(out))


@register.simple_tag
def money_notes(money, order):
    """The payment proofs, the payments and the refund requests of the order, each on its line."""
    dates, names = Dates(), {}
    proofs = ""
    if money.proofs:
        file = link_of("billing:proof_file", order.pk)
        items = []
        for p in money.proofs:
            reason = f" — {escape(p.rejection_reason)}" if p.rejection_reason else ""
            items.append(f'<li><a href="{link(p.pk, file)}">{escape(p.original_name)}</a> · '
                         f'{escape(dates.moment(p.uploaded_at))} · <span class="badge">'
                         f'{_named(names, p, "status")}</span>{reason}</li>')
        proofs = f"<ul>{''.join(items)}</ul>"
    payments = []
    if money.payments:
        paid, receipt_words, receipt = escape(_("Lunas")), escape(_("Kuitansi (PDF)")), link_of("billing:receipt_pdf")
        for pay in money.payments:
            ntpn = f" · NTPN {escape(pay.ntpn)}" if pay.ntpn else ""
            payments.append(f'<p class="msg msg-success">{paid} {escape(dates.moment(pay.paid_at))} · '
                            f'{escape(rupiah(pay.amount))} · {_named(names, pay, "method")}{ntpn} · '
                            f'<a href="{link(pay.pk, receipt)}">{receipt_words}</a></p>')
    refunds = []
    if money.refunds:
        asked = escape(_("Permintaan pengembalian dana"))
        for r in money.refunds:
            refunds.append(f'<p class="msg msg-warning">{asked}: {escape(rupiah(r.amount))} · {escape(r.instrument)} · '
                           f'{_named(names, r, "status")}</p>')
    return mark_safe(f"{proofs}\n{''.join(payments)}\n{''.join(refunds)}")
