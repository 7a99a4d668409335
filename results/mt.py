"""MT's one page per order: the assignments (step 13) and the verified results (step 16) of every
instrument of the order that waits for MT, validated together in one submit. Sending one back still
happens on that instrument's own page, with its reason."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import Role
from core.middleware import message_of, user_errors
from lab import services as lab_services
from orders.access import get_order_for_user
from results import services as result_services
from workflow.engine import can
from workflow.states import InstrumentState

# What MT validates here, per instrument state: (transition, service, form field of the chosen ids).
STEPS = {
    InstrumentState.ASSIGNED: ("instrument.approve_assignment", lab_services.approve_assignment, "assignment"),
    InstrumentState.VERIFIED: ("instrument.validate", result_services.validate_results, "results"),
}


def _waiting(order, user):
    instruments = list(order.instruments.filter(state__in=list(STEPS))
                       .select_related("instrument_type", "laboratory", "supervisor", "result_sheet__method")
                       .prefetch_related("parameters__analyst", "parameters__points"))
    return [i for i in instruments if can(i, STEPS[i.state][0], user)]


@login_required
def mt_order(request, pk):
    """GET: what waits for MT on this order. POST: validate every instrument ticked, each through its own
    service (one transaction each); what one refuses is said for that instrument and the rest go on."""
    if not request.user.has_role(Role.MT):
        raise Http404
    order = get_order_for_user(request, pk)
    waiting = _waiting(order, request.user)
    if request.method == "POST":
        typed = request.POST.get("note") or ""
        picked = {field: request.POST.getlist(field) for _code, _service, field in STEPS.values()}
        errors = {}
        if len(typed) > 2000:
            errors["note"] = _("Catatan paling panjang 2000 karakter.")
        if not any(str(i.pk) in picked[STEPS[i.state][2]] for i in waiting):
            errors["picked"] = _("Centang paling sedikit satu alat untuk divalidasi.")
        if errors:  # the same page again, as ticked and typed, with the message beside the field
            return _page(request, order, waiting, note=typed, picked=picked, errors=errors)
        note = typed.strip()
        done, failed = [], []
        for inst in waiting:
            code, service, field = STEPS[inst.state]
            if str(inst.pk) not in request.POST.getlist(field):
                continue
            try:
                service(request.user, inst.pk, note)
            except user_errors() as exc:
                failed.append(f"{inst.sample_id or inst.serial_number}: {message_of(exc)}")
            else:
                done.append(inst.sample_id or inst.serial_number)
        if done:
            messages.success(request, ngettext("%(n)s alat divalidasi: %(list)s.", "%(n)s alat divalidasi: %(list)s.",
                                               len(done)) % {"n": len(done), "list": ", ".join(done)})
        for line in failed:
            messages.error(request, line)
        if not done:  # every one refused: shown again as ticked and typed
            return _page(request, order, _waiting(order, request.user), note=typed, picked=picked)
        if order.instruments.filter(state__in=list(STEPS)).exists() or failed:
            return redirect("results:mt_order", order.pk)
        return redirect("orders:detail", order.pk)
    return _page(request, order, waiting)


def _page(request, order, waiting, note="", picked=None, errors=None):
    return render(request, "results/mt_order.html", {
        "order": order,
        "assignments": [i for i in waiting if i.state == InstrumentState.ASSIGNED],
        "results": [i for i in waiting if i.state == InstrumentState.VERIFIED],
        "note": note, "picked": picked, "errors": errors or {},
    })
