"""The treasurer's desk: billings with their state, payment notifications to handle, refund
requests, reconciliation and its Excel export. Only the treasurer (role BENDAHARA) sees these pages."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from billing import payments, reconciliation, services
from billing.access import (
    get_billing_for_user,
    is_treasurer,
    reads_every_units_money,
    reconciliation_units,
    require_reconciliation_reader,
    require_treasurer,
    treasurer_billings,
    treasurer_notifications,
)
from billing.forms import HandlingForm, ReconciliationForm, RefundDoneForm
from billing.gateway import GatewayError, get_gateway
from billing.models import Billing, BillingStatus, NotificationOutcome, RefundRequest, RefundStatus
from core.middleware import message_of
from core.pagination import CountKeptPaginator
from orders.access import visible_orders
from units.current import covers_every_unit
from workflow.engine import TransitionNotAllowed


def _page(request, queryset, size=50):
    return CountKeptPaginator(queryset, size).get_page(request.GET.get("page"))


def _date(value: str):
    """A date typed in the desk's filter, or None when it is none (an impossible day reads as none)."""
    try:
        return parse_date(value or "")
    except ValueError:
        return None


@login_required
def desk(request):
    # The columns a row shows (billing_rows), as named tuples: a billing row is wide (its order, company,
    # replaced billing and payment), and fifty rows of five model objects each cost more than the page.
    billings = treasurer_billings(request).values_list(*DESK_COLUMNS, named=True)
    status, q = request.GET.get("status", ""), request.GET.get("q", "").strip()[:100]
    start, end = _date(request.GET.get("from")), _date(request.GET.get("to"))
    counts = _summary(request)
    if status in BillingStatus.values:
        billings = billings.filter(status=status)
    if q:
        billings = billings.filter(Q(code__icontains=q) | Q(order__number__icontains=q)
                                   | Q(order__company__name__icontains=q) | Q(payment__ntpn__icontains=q))
    if start:
        billings = billings.filter(created_at__date__gte=start)
    if end:
        billings = billings.filter(created_at__date__lte=end)
    return render(request, "billing/desk.html", {
        "page": _page(request, billings.order_by("-created_at")), "status": status, "q": q,
        "from": request.GET.get("from", ""), "to": request.GET.get("to", ""),
        "statuses": [(s.value, s.label, counts.get(s.value, {}).get("n", 0), counts.get(s.value, {}).get("total") or 0)
                     for s in BillingStatus],
        "can_poll": get_gateway().can_poll, "attention": _attention_count(request),
        "refunds_open": _open_refunds(request.user),
    })


DESK_COLUMNS = ("id", "code", "amount", "status", "created_at", "expires_at", "gateway", "order_id", "order__number",
                "order__state", "order__company_id", "order__company__name", "replaces__code", "payment__id",
                "payment__paid_at", "payment__method", "payment__ntpn")
SUMMARY_SECONDS = 60


def _open_refunds(user) -> int:
    return RefundRequest.objects.filter(status=RefundStatus.REQUESTED, order__in=visible_orders(user)).count()


def _summary(request) -> dict:
    """Number and value of the billings per state, over all of them: kept in the shared cache until the
    next transition (any step may issue, pay or expire a billing), at most a minute."""
    from workflow.inbox_cache import any_version

    key = f"billing-desk-summary:{request.user.pk}:{any_version()}"
    counts = cache.get(key)
    if counts is None:
        counts = {row["status"]: row for row in treasurer_billings(request).values("status")
                  .annotate(n=Count("pk"), total=Sum("amount"))}
        cache.set(key, counts, SUMMARY_SECONDS)
    return counts


def _attention_count(request) -> int:
    return treasurer_notifications(request).filter(needs_attention=True).count()


@login_required
@require_POST
def poll(request, pk):
    require_treasurer(request)
    billing = get_billing_for_user(request, pk)
    try:
        note = payments.poll_billing(billing.pk)
    except GatewayError as exc:
        messages.error(request, str(exc))
        return redirect("billing:desk")
    if note is None:
        messages.success(request, _("E-billing %(code)s belum dibayar.") % {"code": billing.code})
    elif note.outcome == NotificationOutcome.ACCEPTED:
        messages.success(request, _("E-billing %(code)s lunas (NTPN %(ntpn)s); pesanan diteruskan ke CS.")
                         % {"code": billing.code, "ntpn": note.ntpn})
    else:
        messages.error(request, _("Status pembayaran tidak cocok: %(why)s. Lihat notifikasi pembayaran.")
                       % {"why": note.get_outcome_display()})
    return redirect("billing:desk")


@login_required
def notifications(request, failed=None):
    """`failed`: a handling note sent back with an error, {"pk": notification, "form": form}."""
    items = treasurer_notifications(request).select_related("billing", "billing__order", "payment", "handled_by")
    show = request.GET.get("show", "attention")
    if show == "attention":
        items = items.filter(needs_attention=True)
    elif show in NotificationOutcome.values:
        items = items.filter(outcome=show)
    return render(request, "billing/notifications.html", {
        "page": _page(request, items), "show": show, "outcomes": NotificationOutcome.choices,
        "attention": _attention_count(request), "failed": failed,
    })


def _kept(request, pk, form, call, success, redirect_to, page):
    """Run `call(cleaned_data)`; a note that is missing or refused shows the page again with what was
    typed and the message beside the field."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            form.add_error("note", exc)
        except TransitionNotAllowed as exc:
            messages.error(request, message_of(exc))
            return redirect(redirect_to)
        else:
            messages.success(request, success)
            return redirect(redirect_to)
    return page(request, failed={"pk": pk, "form": form})


@login_required
@require_POST
def handle_notification(request, pk):
    if not treasurer_notifications(request).filter(pk=pk).exists():
        raise Http404
    return _kept(request, pk, HandlingForm(request.POST, auto_id=f"note{pk}_%s"),
                 lambda data: payments.handle_notification(request.user, pk, data["note"]),
                 _("Penanganan notifikasi dicatat."), "billing:notifications", notifications)


@login_required
def refunds(request, failed=None):
    require_treasurer(request)
    items = RefundRequest.objects.filter(order__in=visible_orders(request.user)).select_related(
        "order", "order__company", "instrument", "instrument__instrument_type", "done_by")
    status = request.GET.get("status", RefundStatus.REQUESTED)
    if status in RefundStatus.values:
        items = items.filter(status=status)
    return render(request, "billing/refunds.html", {"page": _page(request, items), "status": status,
                                                    "statuses": RefundStatus.choices, "failed": failed})


@login_required
@require_POST
def refund_done(request, pk):
    require_treasurer(request)
    if not RefundRequest.objects.filter(pk=pk, order__in=visible_orders(request.user)).exists():
        raise Http404
    return _kept(request, pk, RefundDoneForm(request.POST, auto_id=f"rnote{pk}_%s"),
                 lambda data: services.complete_refund(request.user, pk, data["note"]),
                 _("Pengembalian dana ditandai selesai."), "billing:refunds", refunds)


def _reconciliation(request):
    """The form of the page's query string and, when it reads, the reconciliation of the units the reader
    may see: a treasurer's units, or every unit (or the one chosen) for a national role."""
    every_unit = reads_every_units_money(request.user)
    form = ReconciliationForm(request.GET, every_unit=every_unit)
    if not form.is_valid():
        return form, None
    units = reconciliation_units(request.user, form.cleaned_data.get("unit"))
    base = Billing.objects.filter(order__in=visible_orders(request.user))
    if not covers_every_unit(units):
        base = base.filter(order__unit_id__in=sorted(units))
    return form, reconciliation.reconcile(form.cleaned_data["start"], form.cleaned_data["end"], base, units)


@login_required
def reconciliation_view(request):
    """A treasurer's reconciliation of their unit's e-billings; a national role's of every unit, with a unit
    filter and the sums of each unit."""
    require_reconciliation_reader(request)
    form, rec = _reconciliation(request)
    return render(request, "billing/reconciliation.html", {
        "form": form, "rec": rec, "treasurer": is_treasurer(request.user),
        "per_unit": rec is not None and len(rec.by_unit) > 1})


@login_required
def reconciliation_xlsx(request):
    require_reconciliation_reader(request)
    form, rec = _reconciliation(request)
    if rec is None:  # a period or unit that cannot be read: the page says which, beside its field
        return redirect(f"{reverse('billing:reconciliation')}?{request.GET.urlencode()}")
    content = reconciliation.export_xlsx(rec)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="rekonsiliasi-{rec.start:%Y%m%d}-{rec.end:%Y%m%d}.xlsx"'
    return response
