"""The rows of the treasurer's desk, written in one pass (templates/billing/desk.html): the words of the
columns translated once per page, each row's links joined from the page's link halves (core.paths)."""
from django import template
from django.utils import timezone
from core.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from billing.models import BillingStatus, PaymentMethod
from core.paths import link_of
from core.formatting import rupiah
from core.templatetags.sippt import Dates

register = template.Library()

_NAMES: dict[tuple[str, str], dict[str, str]] = {}


def _names(choices, kind: str) -> dict[str, str]:
    key = (kind, get_language())
    if key not in _NAMES:
        _NAMES[key] = {value: str(label) for value, label in choices.choices}
    return _NAMES[key]


@register.simple_tag(takes_context=True)
def billing_rows(context, billings, can_poll):
    """The <tr> of every billing of the page: the words of the columns escaped once, each company, state
    and payment method once; each row one string."""
    words = {"code": _("Kode billing"), "order": _("Pesanan"), "amount": _("Jumlah"), "created": _("Dibuat"),
             "expires": pgettext("kolom batas waktu", "Kedaluwarsa"), "state": _("Status"),
             "payment": _("Pembayaran"), "replaces": _("menggantikan"), "expired": _("Kedaluwarsa"),
             "receipt": _("Kuitansi"), "poll": _("Cek status SIMPONI")}
    w = {key: escape(word) for key, word in words.items()}
    statuses, methods = _names(BillingStatus, "status"), _names(PaymentMethod, "method")
    pdf, order_page = _escaped_link("billing:billing_pdf"), _escaped_link("orders:detail")
    receipt, poll = _escaped_link("billing:receipt_pdf"), _escaped_link("billing:poll")
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(context.get("csrf_token"))}">'
    now = timezone.now()
    waktu = Dates().moment
    companies, names = {}, {}
    language = get_language()  # each amount with the page's separators

    def named(key, text):  # a state's or a method's name, escaped once per page
        if key not in names:
            names[key] = escape(text)
        return names[key]

    rows = []
    for b in billings:  # named rows of billing.desk.DESK_COLUMNS
        replaces = f'<div class="muted">{w["replaces"]} {escape(b.replaces__code)}</div>' \
            if b.replaces__code is not None else ""
        expired = b.status == BillingStatus.UNPAID and now >= b.expires_at  # Billing.is_expired, one clock per page
        css = " badge-done" if b.status == "PAID" else " badge-bad" if b.status == "EXPIRED" or expired else ""
        state = w["expired"] if expired else named(("status", b.status), statuses.get(b.status, b.status))
        if b.payment__id is not None:
            ntpn = f"<div>NTPN {escape(b.payment__ntpn)}</div>" if b.payment__ntpn else ""
            paid = (f'{escape(waktu(b.payment__paid_at))} · '
                    f'{named(("method", b.payment__method), methods.get(b.payment__method, b.payment__method))}'
                    f'{ntpn}<div><a href="{receipt[0]}{b.payment__id}{receipt[1]}">{w["receipt"]}</a></div>')
        else:
            paid = "—"
        action = ""
        if can_poll and b.status == "UNPAID" and b.gateway != "builtin":
            action = (f'<form method="post" action="{poll[0]}{b.id}{poll[1]}">{csrf}<button type="submit" '
                      f'class="btn-small">{w["poll"]}</button></form>')
        company = companies.get(b.order__company_id)
        if company is None:
            company = companies[b.order__company_id] = escape(b.order__company__name)
        rows.append(
            f'<tr>\n  <td data-label="{w["code"]}"><a href="{pdf[0]}{b.id}{pdf[1]}">{escape(b.code)}</a>'
            f'{replaces}</td>\n'
            f'  <td data-label="{w["order"]}"><a href="{order_page[0]}{b.order_id}{order_page[1]}">'
            f'{escape(_order_label(b))}</a><div class="muted">{company}</div></td>\n'
            f'  <td class="num" data-label="{w["amount"]}">{escape(rupiah(b.amount, language))}</td>\n'
            f'  <td data-label="{w["created"]}">{escape(waktu(b.created_at))}</td>\n'
            f'  <td data-label="{w["expires"]}">{escape(waktu(b.expires_at))}</td>\n'
            f'  <td data-label="{w["state"]}"><span class="badge{css}">{state}</span></td>\n'
            f'  <td data-label="{w["payment"]}">{paid}</td>\n  <td>{action}</td>\n</tr>')
    return mark_safe("\n".join(rows))


def _order_label(b) -> str:
    """The order as it names itself (its number; before numbering, what Order.__str__ says)."""
    if b.order__number:
        return b.order__number
    from orders.models import Order

    return str(Order(pk=b.order_id, number=b.order__number, state=b.order__state))


def _escaped_link(name: str) -> tuple[str, str]:
    head, tail = link_of(name)
    return escape(head), escape(tail)
