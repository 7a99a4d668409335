"""Report pages (steps 17-20) and the public verification page; thin views over certificates.services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from certificates import services
from certificates.access import get_report_for_user, is_staff_user
from certificates.content import mask_name, render_report
from certificates.forms import ForwardForm, PassphraseForm, SignerForm
from certificates.models import Report, ReportStatus
from core.actions import run_service
from core.middleware import message_of
from core.pdf import pdf_response
from orders.access import get_order_for_user
from workflow.engine import TransitionNotAllowed, can


def _file_name(report, suffix="") -> str:
    return f"E-LHU-{report.number.replace('/', '-')}{suffix}.pdf"


def _done(request, order, fn, success: str):
    run_service(request, fn, success)
    return redirect("orders:detail", order.pk)


@login_required
@require_POST
def number_reports(request, pk):
    order = get_order_for_user(request, pk)
    return _done(request, order, lambda: services.number_reports(request.user, order.pk, request.POST.get("note", "")[:2000]),
                 _("Nomor E-LHU dibuat; CS dapat mencetak draf dan meminta TTE."))


@login_required
@require_POST
def request_signature(request, pk):
    order = get_order_for_user(request, pk)
    form = SignerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih akun Kepala Balai yang akan menandatangani."))
        return redirect("orders:detail", order.pk)
    return _done(request, order, lambda: services.request_signature(
        request.user, order.pk, form.cleaned_data["signer"].pk, form.cleaned_data["note"]),
        _("Permintaan TTE dikirim kepada %(name)s.") % {"name": form.cleaned_data["signer"]})


@sensitive_variables("passphrase", "form")
@sensitive_post_parameters("passphrase")
@login_required
@require_POST
def sign(request, pk):
    order = get_order_for_user(request, pk)
    form = PassphraseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Masukkan passphrase TTE Anda."))
        return redirect("orders:detail", order.pk)
    passphrase = form.cleaned_data["passphrase"]
    return _done(request, order, lambda: services.sign_reports(request.user, order.pk, passphrase),
                 _("E-LHU ditandatangani secara elektronik; CS akan memeriksa dan meneruskannya."))


@login_required
@require_POST
def forward(request, pk):
    order = get_order_for_user(request, pk)
    form = ForwardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Periksa setiap E-LHU yang ditandatangani, lalu centang pernyataannya."))
        return redirect("orders:detail", order.pk)
    return _done(request, order, lambda: services.forward_reports(request.user, order.pk, form.cleaned_data["note"]),
                 _("E-LHU diteruskan; pelanggan diberi tahu."))


@login_required
def preview(request, pk):
    """The draft of a report, watermarked: what CS prints at step 18 and the head reads before signing."""
    report = get_report_for_user(request, pk)
    if not is_staff_user(request.user):
        raise Http404
    if report.status == ReportStatus.SIGNED:
        return redirect("certificates:download", report.pk)
    if report.status != ReportStatus.NUMBERED:
        raise Http404
    pdf = render_report(report, draft=True)
    return pdf_response(pdf, _file_name(report, "-DRAF"))


@login_required
def download(request, pk):
    """The signed report, behind the survey gate (SOP step 21); every download is recorded."""
    from survey.services import record_report_download

    report = get_report_for_user(request, pk)
    try:
        report, content = record_report_download(request.user, report.order, report.pk)
    except ValidationError:
        raise Http404 from None
    except TransitionNotAllowed as exc:
        messages.error(request, message_of(exc))
        if can(report.order, "order.fill_survey", request.user):
            return redirect("survey:fill", report.order_id)
        return redirect("orders:detail", report.order_id)
    return pdf_response(content, _file_name(report), inline=False)


def verify(request, token):
    """Public: what the QR code on a signed report opens. Shows no more than needed to check it."""
    report = get_object_or_404(Report.objects.select_related(
        "order__company", "instrument__instrument_type", "signer"), token=token)
    return render(request, "certificates/verify.html", {
        "report": report, "inst": report.instrument, "customer": mask_name(report.order.company.name),
        "is_signed": report.status == ReportStatus.SIGNED,
    })
