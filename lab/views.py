"""Reception and assignment pages (steps 11-13); thin views over lab.services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import Role
from core.middleware import message_of
from core.pdf import pdf_response, qr_data_uri, render_pdf
from lab import services
from lab.forms import DeliveredByForm, ReceptionLineForm
from metrology.services import authorised_analysts
from orders.access import (get_instrument_for_user, get_order_for_user, get_order_with_money_for_user,
                           instruments_seen_by)
from orders.forms import ReasonForm
from workflow import actions
from workflow.step_views import take_step
from workflow.engine import TransitionNotAllowed, acting_role, can, record
from workflow.states import InstrumentState


@login_required
def receive(request, pk):
    order = get_order_for_user(request, pk)
    if not can(order, "order.receive", request.user):
        messages.error(request, _("Pesanan ini tidak sedang menunggu penerimaan alat oleh Anda."))
        return redirect("orders:detail", order.pk)
    instruments = list(order.instruments.filter(state=InstrumentState.AWAITING_RECEPTION)
                       .select_related("instrument_type", "laboratory"))
    forms_ = [ReceptionLineForm(request.POST or None, prefix=f"i{inst.pk}", initial={
        "laboratory": inst.laboratory_id,
        "supervisor": User.objects.filter(roles__role=Role.PENYELIA, laboratory_id=inst.laboratory_id).values_list("pk", flat=True).first(),
    }) for inst in instruments]
    head = DeliveredByForm(request.POST or None)
    if request.method == "POST" and head.is_valid() and all(f.is_valid() for f in forms_):
        lines = [services.ReceptionLine(
            inst.pk, f.cleaned_data["accepted"], f.cleaned_data["condition"], f.cleaned_data["accessories"],
            f.cleaned_data["laboratory"].pk if f.cleaned_data["laboratory"] else None,
            f.cleaned_data["supervisor"].pk if f.cleaned_data["supervisor"] else None, f.cleaned_data["reason"])
            for inst, f in zip(instruments, forms_)]
        try:
            actions.run("order.receive", request.user, order.pk,
                        {"lines": lines, "delivered_by": head.cleaned_data["delivered_by"]})
        except (TransitionNotAllowed, ValidationError) as exc:
            messages.error(request, message_of(exc))
        else:
            messages.success(request, _("Alat diterima; tanda terima dan label siap dicetak."))
            return redirect("orders:detail", order.pk)
    return render(request, "lab/receive.html", {"order": order, "rows": list(zip(instruments, forms_)), "head": head})


def _reception_or_404(order):
    reception = getattr(order, "reception", None)
    if reception is None:
        raise Http404
    return reception


@login_required
def receipt_pdf(request, pk):
    order = get_order_with_money_for_user(request, pk)  # the whole order's receipt: not for one laboratory
    reception = _reception_or_404(order)
    instruments = order.instruments.select_related("instrument_type", "laboratory", "supervisor")
    record("document.download", request.user, acting_role(request.user, Role.CS, Role.PELANGGAN), order=order,
           note=f"receipt {reception.number}")
    pdf = render_pdf("lab/receipt_pdf.html", {"order": order, "reception": reception, "instruments": instruments})
    return pdf_response(pdf, f"tanda-terima-{reception.number.replace('/', '-')}.pdf")


@login_required
def labels_pdf(request, pk):
    order = get_order_for_user(request, pk)
    _reception_or_404(order)
    instruments = [i for i in instruments_seen_by(request.user, order.instruments.select_related(
        "instrument_type", "laboratory")) if i.sample_id]
    for inst in instruments:
        inst.qr = qr_data_uri(request.build_absolute_uri(f"/orders/instrument/{inst.pk}/") + f"#{inst.sample_id}")
    pdf = render_pdf("lab/labels_pdf.html", {"order": order, "instruments": instruments})
    return pdf_response(pdf, f"label-{order.pk}.pdf")


@login_required
def assign(request, pk):
    inst = get_instrument_for_user(request, pk)
    if not can(inst, "instrument.assign", request.user):
        messages.error(request, _("Alat ini tidak sedang menunggu pemeriksaan oleh Anda."))
        return redirect("orders:instrument", inst.pk)
    params = list(inst.parameters.select_related("analyst"))
    analysts = list(authorised_analysts(inst, User.objects.filter(
        roles__role=Role.ANALIS, laboratory_id=inst.laboratory_id, is_active=True)))
    note, all_id = "", None
    if request.method == "POST":
        chosen = {}
        # "One analyst for all parameters" picks the analyst of every parameter (the page's script also
        # copies it into each parameter's list; without script the server applies it).
        all_id = _posted_id(request.POST, "analyst_all")
        for p in params:
            chosen[p.pk] = all_id or _posted_id(request.POST, f"analyst_{p.pk}")
            p.chosen_id = chosen[p.pk]  # shown again as picked
            p.error = "" if chosen[p.pk] else _("Pilih analis untuk parameter ini.")
        note = request.POST.get("note", "")
        if all(chosen.values()) and len(note) <= 2000:
            try:
                actions.run("instrument.assign", request.user, inst.pk, {"analysts": chosen, "note": note})
            except (TransitionNotAllowed, ValidationError) as exc:
                messages.error(request, message_of(exc))
            else:
                messages.success(request, _("Analis dipilih; menunggu validasi MT."))
                return redirect("orders:instrument", inst.pk)
    else:
        _preselect(params, analysts)
    return _assign_page(request, inst, params, analysts, note=note,
                        all_id=all_id or ("" if request.method == "POST" else None))


def _posted_id(post, name):
    try:
        return int(post.get(name, "")) or None
    except ValueError:
        return None


def _preselect(params, analysts):
    """Each parameter's analyst as stored; a parameter without one gets the only analyst authorised for
    the instrument's method when there is exactly one."""
    sole = analysts[0].pk if len(analysts) == 1 else None
    for p in params:
        p.chosen_id, p.error = p.analyst_id or sole, ""


def _assign_page(request, inst, params=None, analysts=None, reason_form=None, note="", all_id=None):
    if not can(inst, "instrument.assign", request.user):
        messages.error(request, _("Alat ini tidak sedang menunggu pemeriksaan oleh Anda."))
        return redirect("orders:instrument", inst.pk)
    if params is None:
        params = list(inst.parameters.select_related("analyst"))
        analysts = list(authorised_analysts(inst, User.objects.filter(
            roles__role=Role.ANALIS, laboratory_id=inst.laboratory_id, is_active=True)))
        _preselect(params, analysts)
    if all_id is None and len(analysts) == 1:
        all_id = analysts[0].pk  # the only authorised analyst: nothing else to pick
    return render(request, "lab/assign.html", {"inst": inst, "params": params, "analysts": analysts,
                                               "all_id": all_id,
                                               "reason_form": reason_form or ReasonForm(), "note": note,
                                               "note_too_long": len(note) > 2000})


@login_required
@require_POST
def reject(request, pk):
    """Step 12's refusal: a reason that is missing or refused shows the assignment page again, with what
    was typed and the message beside the field."""
    inst = get_instrument_for_user(request, pk)
    step = actions.step("instrument.reject_at_check")
    form = step.make_form(request.POST)
    if form.is_valid():
        try:
            step.call(request.user, inst.pk, form.cleaned_data)
        except ValidationError as exc:
            form.add_error("reason", exc)
        except TransitionNotAllowed as exc:
            messages.error(request, message_of(exc))
            return redirect("orders:instrument", inst.pk)
        else:
            messages.success(request, step.message(None, form.cleaned_data))
            return redirect("orders:instrument", inst.pk)
    return _assign_page(request, inst, reason_form=form)


@login_required
@require_POST
def approve_assignment(request, pk):
    return take_step(request, "instrument.approve_assignment", pk)


@login_required
@require_POST
def return_assignment(request, pk):
    return take_step(request, "instrument.return_assignment", pk)
