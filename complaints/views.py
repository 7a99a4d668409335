"""Complaint pages: thin views over complaints.services; every complaint is fetched through
complaints.access and every order through orders.access."""
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from complaints import services
from complaints.access import get_complaint_for_user, visible_complaints
from complaints.forms import AnswerForm, AssignForm, ComplaintFilterForm, ComplaintForm, NoteForm, ReopenForm
from core.actions import run_service
from core.middleware import message_of
from orders.access import get_order_for_user
from workflow.engine import TransitionNotAllowed


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
    """The complaint page; `filled` is {move: form} for a form sent back with an error, shown as typed
    with the message beside the field."""
    moves = services.allowed_moves(complaint, request.user)
    forms_ = {move: ACTIONS[move][0](auto_id=f"{move}_%s") for move in ACTIONS
              if move != "assign" or "assign" in moves}
    forms_.update(filled or {})
    return render(request, "complaints/detail.html", {
        "complaint": complaint, "moves": moves,
        "entries": services.history(complaint),
        "note_form": NoteForm(), "acknowledge_form": forms_["acknowledge"], "close_form": forms_["close"],
        "assign_form": forms_.get("assign"), "answer_form": forms_["answer"], "reopen_form": forms_["reopen"],
    })


# Move name in the URL -> (form, service call, success message)
ACTIONS = {
    "acknowledge": (NoteForm, lambda u, pk, d: services.acknowledge(u, pk, d["note"]), _l("Pengaduan ditanggapi.")),
    "assign": (AssignForm, lambda u, pk, d: services.assign(u, pk, d["assignee"].pk, d["note"]),
               _l("Pengaduan ditugaskan.")),
    "answer": (AnswerForm, lambda u, pk, d: services.answer(u, pk, d["text"]), _l("Jawaban dikirim kepada pelanggan.")),
    "close": (NoteForm, lambda u, pk, d: services.close(u, pk, d["note"]), _l("Pengaduan ditutup.")),
    "reopen": (ReopenForm, lambda u, pk, d: services.reopen(u, pk, d["reason"]), _l("Pengaduan dibuka kembali.")),
}


@login_required
@require_POST
def complaint_action(request, pk, action):
    complaint = get_complaint_for_user(request, pk)
    if action not in ACTIONS:
        raise Http404
    form_class, call, done = ACTIONS[action]
    form = form_class(request.POST, auto_id=f"{action}_%s")
    if form.is_valid():
        try:
            call(request.user, complaint.pk, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None if hasattr(exc, "error_dict") else next(iter(form.fields)), exc)
        except TransitionNotAllowed as exc:
            messages.error(request, message_of(exc))
            return redirect("complaints:detail", complaint.pk)
        else:
            messages.success(request, done)
            return redirect("complaints:detail", complaint.pk)
    return _detail_page(request, complaint, {action: form})
