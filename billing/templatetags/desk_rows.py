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
from core.templatetags.sippt import Dates, rupiah

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

    def named(key, text):  # a state's or a method's name, escaped once per page
        if key not in names:
            names[key] = escape(text)
        return names[key]

    rows = []
    for b in billings:
        replaces = f'<div class="muted">{w["replaces"]} {escape(b.replaces.code)}</div>' if b.replaces else ""
        expired = b.status == BillingStatus.UNPAID and now >= b.expires_at  # Billing.is_expired, one clock per page
        css = " badge-done" if b.status == "PAID" else " badge-bad" if b.status == "EXPIRED" or expired else ""
        state = w["expired"] if expired else named(("status", b.status), statuses.get(b.status, b.status))
        payment = getattr(b, "payment", None)
        if payment is not None:
            ntpn = f"<div>NTPN {escape(payment.ntpn)}</div>" if payment.ntpn else ""
            paid = (f'{escape(waktu(payment.paid_at))} · '
                    f'{named(("method", payment.method), methods.get(payment.method, payment.method))}{ntpn}'
                    f'<div><a href="{receipt[0]}{payment.pk}{receipt[1]}">{w["receipt"]}</a></div>')
        else:
            paid = "—"
        action = ""
        if can_poll and b.status == "UNPAID" and b.gateway != "builtin":
            action = (f'<form method="post" action="{poll[0]}{b.pk}{poll[1]}">{csrf}<button type="submit" '
                      f'class="btn-small">{w["poll"]}</button></form>')
        order = b.order
        company = companies.get(order.company_id)
        if company is None:
            company = companies[order.company_id] = escape(order.company)
        rows.append(
            f'<tr>\n  <td data-label="{w["code"]}"><a href="{pdf[0]}{b.pk}{pdf[1]}">{escape(b.code)}</a>{replaces}</td>\n'
            f'  <td data-label="{w["order"]}"><a href="{order_page[0]}{b.order_id}{order_page[1]}">{escape(order)}</a>'
            f'<div class="muted">{company}</div></td>\n'
            f'  <td class="num" data-label="{w["amount"]}">{escape(rupiah(b.amount))}</td>\n'
            f'  <td data-label="{w["created"]}">{escape(waktu(b.created_at))}</td>\n'
            f'  <td data-label="{w["expires"]}">{escape(waktu(b.expires_at))}</td>\n'
            f'  <td data-label="{w["state"]}"><span class="badge{css}">{state}</span></td>\n'
            f'  <td data-label="{w["payment"]}">{paid}</td>\n  <td>{action}</td>\n</tr>')
    return mark_safe("\n".join(rows))


def _escaped_link(name: str) -> tuple[str, str]:
    head, tail = link_of(name)
    return escape(head), escape(tail)
