"""Personal data (UU 27/2022): the privacy notice (public), the customer's own data page with the
download and the correction/deletion requests, and ADMIN's screen to decide those requests."""
import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import personal_data
from accounts.access import get_data_request_for_admin
from accounts.forms import DataRequestForm, DecideRequestForm, clean_nik
from accounts.models import DataRequestKind, DataRequestStatus, PersonalDataRequest
from accounts.privacy import PRIVACY_NOTICE_VERSION
from accounts.roles import Role
from core.actions import run_service


def privacy_notice(request):
    return render(request, "accounts/privacy.html", {"version": PRIVACY_NOTICE_VERSION})


def _customer(request):
    if not (request.user.is_authenticated and request.user.is_customer):
        raise Http404
    return request.user


@login_required
def my_data(request):
    user = _customer(request)
    return render(request, "accounts/my_data.html", {
        "account": user, "consents": user.consents.all(), "requests": user.data_requests.all(),
        "form": DataRequestForm(), "version": PRIVACY_NOTICE_VERSION})


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
    form = DataRequestForm(request.POST)
    details = form.cleaned_data["details"] if form.is_valid() else ""
    run_service(request, lambda: personal_data.ask(user, kind, details),
                _("Permintaan Anda dikirim ke admin; hasilnya diberitahukan lewat email."))
    return redirect("accounts:my_data")


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


@login_required
def request_detail(request, pk):
    item = get_data_request_for_admin(request.user, pk)
    return render(request, "accounts/data_request.html", {"item": item, "person": item.user,
                                                          "form": DecideRequestForm()})


@require_POST
@login_required
def request_decide(request, pk):
    item = get_data_request_for_admin(request.user, pk)
    form = DecideRequestForm(request.POST)
    done = request.POST.get("decision") == "done"
    corrections = {}
    if done and item.kind == DataRequestKind.CORRECTION:
        for field in ("full_name", "phone", "position"):
            value = (request.POST.get(field) or "").strip()
            if value:
                corrections[field] = value[:150]
        if (request.POST.get("nik") or "").strip():
            try:
                corrections["nik"] = clean_nik(request.POST["nik"])
            except forms.ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("accounts:data_request", item.pk)
    if not form.is_valid():
        messages.error(request, _("Tuliskan alasan atau catatan keputusan."))
        return redirect("accounts:data_request", item.pk)
    run_service(request, lambda: personal_data.decide(request.user, item.pk, done=done,
                                                      reason=form.cleaned_data["reason"], corrections=corrections),
                _("Permintaan diproses; pemohon diberi tahu."))
    return redirect("accounts:data_request", item.pk)
