"""Personal data (UU 27/2022): the privacy notice (public), the customer's own data page with the
download and the correction/deletion requests, and ADMIN's screen to decide those requests."""
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import personal_data
from accounts.access import get_data_request_for_admin
from accounts.forms import CorrectionDecisionForm, DataRequestForm, DecideRequestForm
from accounts.models import DataRequestKind, DataRequestStatus, PersonalDataRequest
from accounts.privacy import PRIVACY_NOTICE_VERSION
from accounts.roles import Role
from core.middleware import message_of
from workflow.engine import TransitionNotAllowed


def privacy_notice(request):
    return render(request, "accounts/privacy.html", {"version": PRIVACY_NOTICE_VERSION})


def _customer(request):
    if not (request.user.is_authenticated and request.user.is_customer):
        raise Http404
    return request.user


@login_required
def my_data(request, **filled):
    """`filled`: a request form sent back with an error (correction_form or deletion_form), as typed."""
    user = _customer(request)
    return render(request, "accounts/my_data.html", {
        "account": user, "consents": user.consents.all(), "requests": user.data_requests.all(),
        "correction_form": DataRequestForm(auto_id="correction_%s"),
        "deletion_form": DataRequestForm(auto_id="deletion_%s"), **filled, "version": PRIVACY_NOTICE_VERSION})


@login_required
def my_data_download(request):
    user = _customer(request)
    personal_data.record_export(user)
    body = json.dumps(personal_data.export_personal_data(user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="data-pribadi-{user.username}.json"'
    return response


@require_POST
@login_required
def ask(request, kind):
    user = _customer(request)
    if kind not in DataRequestKind.values:
        raise Http404
    name = "correction" if kind == DataRequestKind.CORRECTION else "deletion"
    form = DataRequestForm(request.POST, auto_id=f"{name}_%s")
    if form.is_valid():
        try:
            personal_data.ask(user, kind, form.cleaned_data["details"])
        except ValidationError as exc:
            form.add_error(None if hasattr(exc, "error_dict") else "details", exc)
        except TransitionNotAllowed as exc:
            messages.error(request, message_of(exc))
            return redirect("accounts:my_data")
        else:
            messages.success(request, _("Permintaan Anda dikirim ke admin; hasilnya diberitahukan lewat email."))
            return redirect("accounts:my_data")
    return my_data(request, **{f"{name}_form": form})


def _require_admin(request):
    if not (request.user.is_authenticated and request.user.has_role(Role.ADMIN)):
        raise Http404


@login_required
def request_list(request):
    _require_admin(request)
    show_all = request.GET.get("show") == "all"
    items = PersonalDataRequest.objects.select_related("user", "handled_by")
    if not show_all:
        items = items.filter(status=DataRequestStatus.OPEN)
    return render(request, "accounts/data_requests.html", {"items": items[:200], "show_all": show_all})


def _decision_form(item, data=None):
    if item.kind == DataRequestKind.CORRECTION:
        return CorrectionDecisionForm(data, person=item.user)
    return DecideRequestForm(data)


@login_required
def request_detail(request, pk, form=None):
    """`form`: a decision sent back with an error, shown as typed with the message beside the field."""
    item = get_data_request_for_admin(request.user, pk)
    return render(request, "accounts/data_request.html", {"item": item, "person": item.user,
                                                          "form": form or _decision_form(item)})


@require_POST
@login_required
def request_decide(request, pk):
    item = get_data_request_for_admin(request.user, pk)
    form = _decision_form(item, request.POST)
    done = request.POST.get("decision") == "done"
    if form.is_valid():
        corrections = form.corrections() if done and hasattr(form, "corrections") else {}
        try:
            personal_data.decide(request.user, item.pk, done=done, reason=form.cleaned_data["reason"],
                                 corrections=corrections)
        except ValidationError as exc:
            form.add_error(None, exc)
        except TransitionNotAllowed as exc:
            messages.error(request, message_of(exc))
            return redirect("accounts:data_request", item.pk)
        else:
            messages.success(request, _("Permintaan diproses; pemohon diberi tahu."))
            return redirect("accounts:data_request", item.pk)
    return request_detail(request, item.pk, form=form)
