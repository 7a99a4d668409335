"""Survey, report download, completion and hand-over pages; thin views over survey.services."""
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from core.middleware import message_of
from core.pdf import pdf_response, render_pdf
from orders.access import get_order_for_user, get_order_with_money_for_user
from survey import services
from survey.forms import HandoverForm, SurveyForm
from survey.models import ELEMENTS, HandoverRecord
from workflow import actions
from workflow.engine import TransitionNotAllowed, acting_role, can, record
from workflow.step_views import take_step

@login_required
def fill(request, pk):
    order = get_order_for_user(request, pk)
    if not can(order, "order.fill_survey", request.user):
        messages.error(request, _("Pesanan ini tidak sedang menunggu survei kepuasan dari Anda."))
        return redirect("orders:detail", order.pk)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.run("order.fill_survey", request.user, order.pk,
                        {"scores": form.scores(), "comment": form.cleaned_data["comment"]})
        except (TransitionNotAllowed, ValidationError) as exc:
            messages.error(request, message_of(exc))
        else:
            messages.success(request, _("Terima kasih atas penilaian Anda. E-LHU sekarang dapat diunduh."))
            return redirect("orders:detail", order.pk)
    elif request.method == "POST":
        messages.error(request, _("Beri nilai untuk setiap unsur pelayanan."))
    return render(request, "survey/fill.html", {"order": order, "form": form})


@login_required
@require_POST
def complete(request, pk):
    return take_step(request, "order.complete", pk)


@login_required
@require_POST
def handover_create(request, pk):
    from orders.views import run_form_action

    order = get_order_for_user(request, pk)
    return run_form_action(
        request, order, "handover_form", HandoverForm(request.POST, auto_id="handover_%s"),
        lambda data: services.record_handover(request.user, order.pk, data["received_by_name"], data["note"]),
        lambda handover: _("Berita acara serah terima %(n)s dibuat.") % {"n": handover.number})


@login_required
def handover_pdf(request, pk):
    order = get_order_with_money_for_user(request, pk)  # the whole order's record: not for one laboratory
    try:
        handover = order.handover
    except HandoverRecord.DoesNotExist:
        raise Http404 from None
    record("document.download", request.user, acting_role(request.user, Role.CS, Role.PELANGGAN), order=order,
           note=f"handover {handover.number}")
    pdf = render_pdf("survey/handover_pdf.html", {
        "order": order, "handover": handover, "items": handover.items.all(),
    })
    return pdf_response(pdf, f"bast-{handover.number.replace('/', '-')}.pdf")


def _year_of(request) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if 2000 <= year <= this_year + 1 else this_year


@login_required
def ikm_report(request):
    if not request.user.role_codes & services.IKM_READERS:
        raise Http404
    year = _year_of(request)
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=tz)
    responses = services.responses_between(start, end)
    result = services.index_of(responses)
    rows = []
    if result is not None:
        rows = list(zip([label for _n, label, _q in ELEMENTS], result.nrr_rounded, result.weighted_nrr))
    comments = responses.exclude(comment="").select_related("order", "order__company")[:50]
    return render(request, "survey/ikm.html", {
        "year": year, "years": range(timezone.localdate().year, 2023, -1), "result": result, "rows": rows,
        "comments": comments,
    })
