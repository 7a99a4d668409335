"""Batch signing pages (step 19): the signing inbox of the head of centre (or acting head) and the
progress of a batch; thin views over certificates.batch."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from certificates import batch as batches
from certificates.access import get_batch_for_user
from certificates.delegation import active_delegation, is_head_of_centre, may_sign
from certificates.forms import BatchSignForm
from certificates.models import SigningBatch
from core.actions import run_service


@sensitive_variables("form")
@sensitive_post_parameters("passphrase")
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def sign_inbox(request):
    """Every report waiting for this person's signature: preview any, tick many, passphrase once."""
    if not may_sign(request.user):
        raise Http404
    waiting = list(batches.reports_awaiting(request.user))
    form = BatchSignForm(request.POST or None, waiting=waiting)
    if request.method == "POST" and form.is_valid():
        started = run_service(request, lambda: batches.start_batch(
            request.user, form.cleaned_data["reports"], form.cleaned_data["passphrase"]),
            _("Penandatanganan dimulai di latar belakang."))
        if started is not None:
            return redirect("certificates:batch", started.pk)
    # Shown again with the reports ticked as they were and the message beside the field; the
    # passphrase field is never filled back in (PasswordInput(render_value=False)).
    return render(request, "certificates/sign_inbox.html", {
        "waiting": waiting, "form": form,
        "delegation": None if is_head_of_centre(request.user) else active_delegation(request.user),
        "batches": SigningBatch.objects.filter(signer=request.user)[:10],
    })


def _batch_context(request, pk):
    batch = get_batch_for_user(request, pk)
    return {"batch": batch, "progress": batches.progress(batch),
            "items": batch.items.select_related("report", "report__instrument", "report__instrument__instrument_type")}


@login_required
def batch_detail(request, pk):
    return render(request, "certificates/batch.html", _batch_context(request, pk))


@login_required
def batch_progress(request, pk):
    """The progress partial htmx polls while the batch runs."""
    return render(request, "certificates/_batch_progress.html", _batch_context(request, pk))
