"""Report pages (steps 17-20) and the public verification page; thin views over certificates.services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from certificates import amendments, verification
from certificates.access import get_change_for_user, get_report_for_user, is_staff_user
from certificates.content import mask_name, render_report, results_of
from certificates.forms import (
    ChangeRequestForm,
    DecisionForm,
    PassphraseForm,
    VerifyUploadForm,
)
from certificates.models import Report, ReportStatus
from core.actions import run_service
from core.middleware import message_of
from core.pdf import pdf_response
from orders.access import get_order_for_user
from workflow import actions
from workflow.engine import TransitionNotAllowed, can
from workflow.step_views import take_step


def _file_name(report, suffix="") -> str:
    return f"E-LHU-{report.number.replace('/', '-')}{suffix}.pdf"


def _done(request, order, fn, success: str):
    run_service(request, fn, success)
    return redirect("orders:detail", order.pk)


@login_required
@require_POST
def number_reports(request, pk):
    return take_step(request, "order.number_reports", pk)


@login_required
@require_POST
def request_signature(request, pk):
    return take_step(request, "order.request_signature", pk)


@sensitive_variables("passphrase", "form")
@sensitive_post_parameters("passphrase")
@login_required
@require_POST
def sign(request, pk):
    from orders.views import run_form_action

    order = get_order_for_user(request, pk)
    form = PassphraseForm(request.POST, auto_id="tte_%s")
    step = actions.step("order.sign")
    return run_form_action(request, order, "sign_form", form,
                           lambda data: step.call(request.user, order.pk, {"passphrase": data["passphrase"]}),
                           step.success,
                           field="passphrase")


@login_required
@require_POST
def forward(request, pk):
    return take_step(request, "order.forward", pk)


@login_required
def preview(request, pk):
    """The draft of a report, watermarked: what CS prints at step 18 and the head reads before signing."""
    from certificates.delegation import may_sign

    report = get_report_for_user(request, pk)
    if not (is_staff_user(request.user) or may_sign(request.user)):
        raise Http404
    if report.status == ReportStatus.SIGNED:
        return redirect("certificates:download", report.pk)
    if report.status != ReportStatus.NUMBERED:
        raise Http404
    pdf = render_report(report, draft=True)
    return pdf_response(pdf, _file_name(report, "-DRAF"))


def _behind_the_gate(request, pk, fetch):
    """`fetch(user, order, report_id)` behind the survey gate (SOP step 21): (report, content), or the
    page to send the person to with the reason shown (the survey when they may fill it)."""
    report = get_report_for_user(request, pk)
    try:
        return fetch(request.user, report.order, report.pk), None
    except ValidationError:
        raise Http404 from None
    except TransitionNotAllowed as exc:
        messages.error(request, message_of(exc))
        if can(report.order, "order.fill_survey", request.user):
            return None, redirect("survey:fill", report.order_id)
        return None, redirect("orders:detail", report.order_id)


@login_required
def download(request, pk):
    """The signed report, behind the survey gate; every download is recorded."""
    from survey.services import record_report_download

    got, elsewhere = _behind_the_gate(request, pk, record_report_download)
    if elsewhere is not None:
        return elsewhere
    report, content = got
    return pdf_response(content, _file_name(report), inline=False)


@login_required
def download_dcc(request, pk):
    """The signed report's Digital Calibration Certificate (DCC XML), byte for byte the one inside the
    signed PDF; the same gate and record as the PDF."""
    from certificates.content import dcc_file_name
    from certificates.dcc_issue import dcc_download, xml_response

    got, elsewhere = _behind_the_gate(request, pk, dcc_download)
    if elsewhere is not None:
        return elsewhere
    report, xml = got
    return xml_response(xml, dcc_file_name(report))


@login_required
@require_POST
def request_change(request, pk):
    """CS asks for a correction or the revocation of a signed report (ISO/IEC 17025 7.8.8)."""
    from orders.views import run_form_action

    report = get_report_for_user(request, pk)
    if not is_staff_user(request.user):
        raise Http404
    form = ChangeRequestForm(request.POST, auto_id=f"change{report.pk}_%s")
    return run_form_action(
        request, report.order, "change_failed", form,
        lambda data: amendments.request_change(request.user, report.pk, data["kind"], data["reason"]),
        _("Permintaan untuk E-LHU %(n)s dikirim kepada Ketua Tim PJI.") % {"n": report.number},
        field="reason", shown={"pk": report.pk, "form": form})


def _decision(request, pk, decide, success):
    from orders.views import run_form_action

    change = get_change_for_user(request, pk)
    form = DecisionForm(request.POST, auto_id=f"decision{change.pk}_%s")
    return run_form_action(request, change.report.order, "decision_failed", form,
                           lambda data: decide(request.user, change.pk, data["note"]), success,
                           field="note", shown={"pk": change.pk, "form": form})


@login_required
@require_POST
def approve_change(request, pk):
    return _decision(request, pk, amendments.approve_change, _("Permintaan disetujui."))


@login_required
@require_POST
def reject_change(request, pk):
    return _decision(request, pk, amendments.reject_change, _("Permintaan ditolak."))


@sensitive_variables("passphrase", "form")
@sensitive_post_parameters("passphrase")
@login_required
@require_POST
def sign_amendment(request, pk):
    from orders.views import run_form_action

    change = get_change_for_user(request, pk)
    form = PassphraseForm(request.POST, auto_id=f"amend{change.pk}_%s")
    return run_form_action(
        request, change.report.order, "amend_failed", form,
        lambda data: amendments.sign_amendment(request.user, change.pk, data["passphrase"]),
        lambda new: _("E-LHU pengganti %(n)s ditandatangani; %(old)s kini digantikan.")
        % {"n": new.number, "old": change.report.number},
        field="passphrase", shown={"pk": change.pk, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request, token):
    """Public: what the QR code on a signed report opens. Shows no more than needed to check it, and
    checks an uploaded PDF against the one issued (byte-identical, signature intact)."""
    report = get_object_or_404(Report.objects.select_related(
        "order__company", "order__unit", "instrument__instrument_type", "signer", "replaces", "replaced_by"),
        token=token)
    form, check = VerifyUploadForm(), None
    if request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES)
        if not verification.upload_allowed(request):  # per address, shared with POST /api/verify
            messages.error(request, _("Terlalu banyak pemeriksaan dari alamat ini; coba lagi dalam satu menit."))
        elif form.is_valid():
            try:
                check = verification.check_upload(report, verification.read_upload(form.cleaned_data["pdf"]))
            except ValidationError as exc:
                messages.error(request, message_of(exc))
        else:
            messages.error(request, _("Pilih berkas PDF E-LHU yang akan diperiksa."))
    from units.letterhead import unit_of

    return render(request, "certificates/verify.html", {
        "BALAI_NAME": unit_of(report.order).name,  # the unit that issued it, not the installation
        "report": report, "inst": report.instrument, "customer": mask_name(report.order.company.name),
        "is_signed": report.status == ReportStatus.SIGNED, "form": form, "check": check,
        "closing_change": amendments.closing_change(report),
        # What was issued, for comparing with the paper in hand (numbers in the reader's language).
        "results": results_of(report.instrument) if report.status == ReportStatus.SIGNED else None,
    })
