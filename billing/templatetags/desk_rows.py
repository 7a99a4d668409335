"""The rows of the treasurer's desk, written in one pass (templates/billing/desk.html): the words of the
columns translated once per page, each row's links joined from the page's link halves (core.paths)."""
from django import template
from django.utils import timezone
from core.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from billing.models import BillingStatus, PaymentMethod
from core.paths import link, link_of
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
    """The <tr> of every billing of the page."""
    words = {"code": _("Kode billing"), "order": _("Pesanan"), "amount": _("Jumlah"), "created": _("Dibuat"),
             "expires": pgettext("kolom batas waktu", "Kedaluwarsa"), "state": _("Status"),
             "payment": _("Pembayaran"), "replaces": _("menggantikan"), "expired": _("Kedaluwarsa"),
             "receipt": _("Kuitansi"), "poll": _("Cek status SIMPONI")}
    statuses, methods = _names(BillingStatus, "status"), _names(PaymentMethod, "method")
    pdf, order_page = link_of("billing:billing_pdf"), link_of("orders:detail")
    receipt, poll = link_of("billing:receipt_pdf"), link_of("billing:poll")
    csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', context.get("csrf_token"))
    now = timezone.now()
    waktu = Dates().moment
    rows = []
    for b in billings:
        replaces = format_html('<div class="muted">{} {}</div>', words["replaces"], b.replaces.code) if b.replaces else ""
        expired = b.status == BillingStatus.UNPAID and now >= b.expires_at  # Billing.is_expired, one clock per page
        css = " badge-done" if b.status == "PAID" else " badge-bad" if b.status == "EXPIRED" or expired else ""
        payment = getattr(b, "payment", None)
        if payment is not None:
            paid = format_html('{} · {}{}<div><a href="{}">{}</a></div>', waktu(payment.paid_at),
                               methods.get(payment.method, payment.method),
                               format_html("<div>NTPN {}</div>", payment.ntpn) if payment.ntpn else "",
                               link(payment.pk, receipt), words["receipt"])
        else:
            paid = "—"
        action = ""
        if can_poll and b.status == "UNPAID" and b.gateway != "builtin":
            action = format_html('<form method="post" action="{}">{}<button type="submit" class="btn-small">{}</button>'
                                 '</form>', link(b.pk, poll), csrf, words["poll"])
        rows.append((
            words["code"], link(b.pk, pdf), b.code, replaces,
            words["order"], link(b.order_id, order_page), b.order, b.order.company,
            words["amount"], rupiah(b.amount), words["created"], waktu(b.created_at),
            words["expires"], waktu(b.expires_at),
            words["state"], css, words["expired"] if expired else statuses.get(b.status, b.status),
            words["payment"], paid, action))
    return format_html_join(mark_safe("\n"), (
        '<tr>\n  <td data-label="{}"><a href="{}">{}</a>{}</td>\n'
        '  <td data-label="{}"><a href="{}">{}</a><div class="muted">{}</div></td>\n'
        '  <td class="num" data-label="{}">{}</td>\n  <td data-label="{}">{}</td>\n  <td data-label="{}">{}</td>\n'
        '  <td data-label="{}"><span class="badge{}">{}</span></td>\n  <td data-label="{}">{}</td>\n'
        '  <td>{}</td>\n</tr>'), rows)
