"""Complaint pages: thin views over complaints.services; every complaint is fetched through
complaints.access and every order through orders.access."""
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints import services
from complaints.access import get_complaint_for_user, visible_complaints
from complaints.forms import ComplaintFilterForm, ComplaintForm
from core.actions import run_service
from orders.access import get_order_for_user
from workflow.actions import by_slug
from workflow.step_views import take_step


@login_required
def complaint_list(request):
    complaints = visible_complaints(request.user).select_related("order", "company", "assignee", "raised_by")
    form = ComplaintFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["state"]:
            complaints = complaints.filter(state=data["state"])
        if data["q"]:
            complaints = complaints.filter(Q(subject__icontains=data["q"]) | Q(order__number__icontains=data["q"])
                                           | Q(company__name__icontains=data["q"]))
        if data["start"]:
            complaints = complaints.filter(created_at__date__gte=data["start"])
        if data["end"]:
            complaints = complaints.filter(created_at__date__lt=data["end"] + timedelta(days=1))
        if data["mine"]:
            complaints = complaints.filter(assignee=request.user)
    elif request.GET:
        messages.error(request, _("Periksa isian saringan: tanggal ditulis seperti 2026-01-31."))
    page = Paginator(complaints.order_by("-created_at"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "complaints/list.html", {"page": page, "form": form, "query": query.urlencode()})


@login_required
def complaint_create(request, order_pk):
    order = get_order_for_user(request, order_pk)
    if not request.user.is_customer:
        raise Http404
    form = ComplaintForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            complaint = run_service(
                request, lambda: services.lodge(request.user, order.pk, form.cleaned_data["subject"],
                                                form.cleaned_data["description"]),
                _("Pengaduan dikirim. Customer Service akan menanggapinya."))
            if complaint is not None:
                return redirect("complaints:detail", complaint.pk)
        else:
            messages.error(request, _("Isi perihal dan uraian pengaduan."))
    return render(request, "complaints/form.html", {"form": form, "order": order})


@login_required
def complaint_detail(request, pk):
    return _detail_page(request, get_complaint_for_user(request, pk))


def _detail_page(request, complaint, filled=None):
    """The complaint page; `filled` carries a step's form sent back with an error (workflow.step_views),
    shown as typed with the message beside the field."""
    moves = services.allowed_moves(complaint, request.user)
    return render(request, "complaints/detail.html", {
        "complaint": complaint, "moves": moves, "allowed_codes": {f"complaint.{move}" for move in moves},
        "entries": services.history(complaint), **(filled or {}),
    })


def complaint_step_page(request, complaint, filled):
    return _detail_page(request, complaint, filled)


@login_required
@require_POST
def complaint_action(request, pk, action):
    """The complaint's steps under their older addresses (/complaints/<pk>/do/<name>/): the same as
    /workflow/step/<code>/<pk>/, through the one mapping of workflow.actions."""
    step = by_slug("complaint", action)
    if step is None:
        raise Http404
    return take_step(request, step.code, pk)
