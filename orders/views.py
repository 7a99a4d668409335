"""Order pages: thin views over orders.services; every object is fetched through orders.access."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from catalog.models import InstrumentType
from catalog.offerings import offered_types
from catalog.pricing import price_for
from accounts.models import Company
from accounts.roles import NATIONAL_ROLES, STAFF_ROLES
from core.pagination import CountKeptPaginator
from core.middleware import message_of
from orders import services
from orders.access import (CENTRE_WIDE, LAB_ROLES, get_instrument_for_user, get_order_for_user, instruments_seen_by,
                           laboratory_view, sees_money, visible_orders)
from orders.completion import expected_completion, expected_completions
from orders.forms import (InstrumentLineFormSet, NoteForm, OrderNotesForm, OrderUnitForm, ReasonForm,
                          TariffApprovalForm)
from orders.timeline import order_timeline
from workflow import actions
from workflow.engine import TransitionNotAllowed, allowed_codes
from workflow.states import OrderState
from units.current import active_unit_count
from workflow.worktime import office_calendar


@login_required
def order_list(request):
    # Each order's unit is shown (joined, not one query per row) when the list may hold several units' orders:
    # a customer's or a national reader's; a unit's staff see only their unit's, so the column would repeat it.
    user = request.user
    several_units = active_unit_count() > 1 and (
        user.is_customer or bool(user.role_codes & NATIONAL_ROLES) or len(user.units_of(*STAFF_ROLES)) > 1)
    # named rows of the columns shown (order_rows) and the dates and next steps need: fifty rows of two model
    # objects each (the order, its company) cost more than the rest of the list
    orders = visible_orders(request.user).values_list(*LIST_COLUMNS, named=True)
    state = request.GET.get("state", "")
    if state in OrderState.values:
        orders = orders.filter(state=state)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        # the company by a subquery, not a join: both conditions on the order's row can use their indexes
        orders = orders.filter(Q(number__icontains=q) | Q(company__in=Company.objects.filter(name__icontains=q)))
    page = CountKeptPaginator(orders.order_by("-created_at"), 50).get_page(request.GET.get("page"))
    expected = expected_completions(page)
    next_codes = _next_codes(page, user) if user.is_customer else {}
    rows = [(order, next_codes.get(order.pk, set()), expected.get(order.pk)) for order in page]
    return render(request, "orders/list.html", {"page": page, "rows": rows, "states": OrderState.choices,
                                                "state": state, "q": q, "several_units": several_units})


LIST_COLUMNS = ("pk", "number", "state", "state_entered_at", "created_at", "company_id", "company__name", "unit_id")


def _next_codes(rows, user) -> dict:
    """{order id: the codes `user` may run on it now}. Who may run a step on an order depends on its state
    and, for a customer or a unit's staff, on its company or unit only: asked once per (state, company,
    unit for a staff role) on the page, of the row. A laboratory role's scope reads the order's
    instruments: asked of each order itself."""
    if user.role_codes & LAB_ROLES:
        from orders.models import Order

        orders = Order.objects.in_bulk([row.pk for row in rows])
        return {pk: allowed_codes(order, "order", user) for pk, order in orders.items()}
    by_order, seen = {}, {}
    by_unit = bool(user.role_codes & CENTRE_WIDE)  # a customer's scope is their company, whatever the unit
    for row in rows:
        key = (row.state, row.company_id, row.unit_id if by_unit else None)
        if key not in seen:
            seen[key] = allowed_codes(row, "order", user)
        by_order[row.pk] = seen[key]
    return by_order


def _lines_from(formset):
    lines = []
    for form in formset.forms:
        lines.extend(form.lines())
    return lines


def _formset_initial(order):
    return [{"instrument_type": i.instrument_type_id, "brand": i.brand, "model": i.model,
             "serial_numbers": i.serial_number, "capacity": i.capacity, "resolution": i.resolution,
             "points": i.points, "units": i.units, "tolerance": i.tolerance} for i in order.instruments.all()]


@login_required
def order_form(request, pk=None):
    if not request.user.is_customer:
        raise Http404
    order = get_order_for_user(request, pk) if pk else None
    if order is not None and order.state != OrderState.DRAFT:
        messages.error(request, _("Pesanan yang sudah diajukan tidak dapat diubah."))
        return redirect("orders:detail", order.pk)
    if request.method == "POST" and RESHAPE_BUTTONS & set(request.POST):
        formset, notes, unit_form = _reshaped_form(request.POST, request.user)
    elif request.method == "POST":
        unit_form = OrderUnitForm(request.POST)
        formset = InstrumentLineFormSet(request.POST, prefix="line", form_kwargs={"unit": unit_form.chosen()})
        notes = OrderNotesForm(request.POST)
        if unit_form.is_valid() and formset.is_valid() and notes.is_valid():
            try:
                order = services.save_draft(request.user, _lines_from(formset), notes.cleaned_data["notes"],
                                            order_id=order.pk if order else None,
                                            unit_code=unit_form.cleaned_data["unit"].code)
                if "submit" in request.POST:
                    services.submit_order(request.user, order.pk)
                    messages.success(request, _("Pesanan diajukan. CS akan memeriksanya."))
                else:
                    messages.success(request, _("Draf pesanan disimpan."))
                return redirect("orders:detail", order.pk)
            except (ValidationError, TransitionNotAllowed) as exc:
                messages.error(request, message_of(exc))
    else:
        initial = _formset_initial(order) if order else None
        again = _history_row(request.user, request.GET.get("from")) if order is None else None
        if again is not None:
            initial = [again]
        unit_form = OrderUnitForm(initial={"unit": order.unit.code if order else request.GET.get("unit", "")})
        formset = InstrumentLineFormSet(prefix="line", initial=initial, form_kwargs={"unit": unit_form.chosen()})
        notes = OrderNotesForm(initial={"notes": order.notes} if order else None)
    unit = unit_form.chosen()
    return render(request, "orders/form.html", {
        "formset": formset, "notes_form": notes, "unit_form": unit_form, "order": order,
        "price": _price_of(formset, request.user.company_id, unit), "history": _instrument_history(request.user),
    })


RESHAPE_BUTTONS = {"add_line", "copy_line", "remove_line", "add_history", "pick_unit"}
FIELDS = ["instrument_type", "brand", "model", "serial_numbers", "capacity", "resolution", "points", "units", "tolerance"]


def _reshaped_form(post, user):
    """Add a blank line, copy a line (without its serial numbers), remove one, or show the instrument types
    of another unit, keeping what was typed."""
    try:
        count = max(0, min(int(post.get("line-TOTAL_FORMS", "0")), 199))
    except ValueError:
        count = 0
    rows = [{f: post.get(f"line-{i}-{f}", "") for f in FIELDS} for i in range(count)]
    picked = post.get("add_line") or post.get("copy_line") or post.get("remove_line") or post.get("add_history")
    try:
        index = int(picked)
    except (TypeError, ValueError):
        index = -1
    if "copy_line" in post and 0 <= index < len(rows):
        rows.insert(index + 1, {**rows[index], "serial_numbers": ""})
    elif "remove_line" in post and 0 <= index < len(rows) and len(rows) > 1:
        rows.pop(index)
    elif "add_line" in post:
        rows.append({"units": 1})
    elif "add_history" in post:
        row = _history_row(user, index)
        if row is not None:
            rows.append(row)
    unit_form = OrderUnitForm(initial={"unit": post.get("unit", "")})
    formset = InstrumentLineFormSet(prefix="line", initial=rows or [{"units": 1}],
                                    form_kwargs={"unit": unit_form.chosen()})
    return formset, OrderNotesForm(initial={"notes": post.get("notes", "")}), unit_form


def _history_row(user, instrument_id):
    """A form line prefilled from an instrument the company sent before (brand, model, serial number,
    capacity, resolution, type, points), or None when it is not theirs or was never sent."""
    from orders.models import Instrument

    try:
        instrument_id = int(instrument_id)
    except (TypeError, ValueError):
        return None
    old = Instrument.objects.filter(pk=instrument_id, order__company_id=user.company_id) \
        .exclude(order__state=OrderState.DRAFT).first()
    if old is None or user.company_id is None:
        return None
    return {"instrument_type": old.instrument_type_id, "brand": old.brand, "model": old.model,
            "serial_numbers": old.serial_number, "capacity": old.capacity, "resolution": old.resolution,
            "points": old.points, "units": old.units, "tolerance": old.tolerance}


def _instrument_history(user):
    """Instruments the company sent before, to pick again."""
    from orders.models import Instrument

    seen, rows = set(), []
    for inst in Instrument.objects.filter(order__company_id=user.company_id).exclude(order__state=OrderState.DRAFT) \
            .select_related("instrument_type").order_by("-order__created_at")[:200]:
        key = (inst.instrument_type_id, inst.serial_number)
        if key not in seen:
            seen.add(key)
            rows.append(inst)
    return rows[:50]


def _price_of(formset, company_id=None, unit=None):
    """The live price of the form as typed: (lines, total). Lines that are not complete yet count 0, as do
    instrument types the unit does not offer. Priced by catalog.pricing, as saving the order prices it, so
    a reduced tariff granted to the company shows as it will be applied when the order is saved."""
    lines, total = [], 0
    when, memo = timezone.localdate(), {}
    types = {t.pk: t for t in (offered_types(unit.pk) if unit else InstrumentType.objects.filter(active=True))}
    for form in formset.forms:
        data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
        if form.is_bound and not data:
            raw_type = form.data.get(form.add_prefix("instrument_type"))
            raw_serials = form.data.get(form.add_prefix("serial_numbers"), "")
            raw_units = form.data.get(form.add_prefix("units"), "1")
            try:
                itype = types.get(int(raw_type))
                units = max(1, min(100, int(raw_units or 1)))
            except (TypeError, ValueError):
                continue
            count = len([s for s in raw_serials.replace("\n", ",").split(",") if s.strip()]) or 1
        elif data:
            itype, units, count = data.get("instrument_type"), data.get("units") or 1, len(data.get("serial_numbers") or [1])
        else:
            continue
        if itype is None or itype.pk not in types:
            continue
        price = price_for(itype, units, company_id, when, memo=memo, unit_id=unit.pk if unit else None)
        if price is None:
            continue
        lines.append({"type": itype, "count": count, "each": price.amount, "amount": price.amount * count,
                      "tariff": price.tariff, "reduction": price.reduction})
        total += price.amount * count
    return {"lines": lines, "total": total}


@login_required
@require_POST
def price_preview(request):
    unit = OrderUnitForm(request.POST).chosen()
    formset = InstrumentLineFormSet(request.POST, prefix="line", form_kwargs={"unit": unit})
    formset.is_valid()
    return render(request, "orders/_price.html", {"price": _price_of(formset, request.user.company_id, unit)})


@login_required
def order_detail(request, pk):
    from orders.models import Order
    from orders.page import order_for_page

    try:  # with its documents, in the one query (orders.page); the same 404 as get_order_for_user
        order = order_for_page(request.user, pk)
    except (Order.DoesNotExist, ValueError):
        raise Http404 from None
    return order_page(request, order)


def action_forms(order=None, instruments=()) -> dict:
    """The empty form of every typed action of the order page, by its name in the template. Each has
    its own ids, so a form sent back with an error shows its message beside its own field. Each is built
    when the page first shows it (an order page shows one or two of them)."""
    from billing.forms import AcceptPaymentForm
    from certificates.forms import ForwardForm, PassphraseForm, SignerForm
    from survey.forms import HandoverForm

    makers = {
        "signer_form": lambda: SignerForm(auto_id="tte_%s", initial={"signer": order.signer_id if order else None},
                                          unit=order.unit_id if order else None),
        "sign_form": lambda: PassphraseForm(auto_id="tte_%s"),
        "forward_form": lambda: ForwardForm(auto_id="forward_%s"),
        "handover_form": lambda: HandoverForm(auto_id="handover_%s"),
        "validate_form": lambda: NoteForm(auto_id="validate_%s"),
        "reject_price_form": lambda: ReasonForm(auto_id="reject_price_%s"),
        "cancel_form": lambda: ReasonForm(auto_id="cancel_%s"),
        "return_form": lambda: ReasonForm(auto_id="return_%s"),
        "tariff_form": lambda: TariffApprovalForm(instruments=instruments, auto_id="tariff_%s"),
        "accept_payment_form": lambda: AcceptPaymentForm(auto_id="pay_%s"),
        "reject_payment_form": lambda: ReasonForm(auto_id="reject_payment_%s"),
    }
    return {name: SimpleLazyObject(make) for name, make in makers.items()}


def order_page(request, order, **filled):
    """The order page. `filled` replaces an action's empty form by the one the person sent back with
    an error: the page is shown again (200) with everything typed and the message beside the field."""
    from complaints.access import complaints_of_visible_order
    from orders.page import OrderLinks, instruments_of

    user = request.user
    money = sees_money(user)
    # The instruments with what their rows show, their parameters and the names of the people they name
    # (orders.page); the tariff and its regulation only for who sees prices.
    every_instrument, people = instruments_of(order, money)
    instruments = instruments_seen_by(user, every_instrument)  # a laboratory sees its own part
    for inst in instruments:
        inst.actions = allowed_codes(inst, "instrument", user)
    calendar = office_calendar(order.unit_id)  # the unit's: one for the timeline, the clock and the expected date
    timeline = order_timeline(order, user, calendar, every_instrument)
    return render(request, "orders/detail.html", {
        "order": order,
        "instruments": instruments,
        "people": people,
        "sees_money": money,
        "mt_batch": sum(bool(inst.actions & {"instrument.approve_assignment", "instrument.validate"})
                        for inst in instruments) > 1,
        "actions": allowed_codes(order, "order", user),
        "timeline": timeline,
        "clock": _current_clock(order, calendar),
        "expected_at": expected_completion(order, calendar, instruments=every_instrument),
        "reason_form": SimpleLazyObject(ReasonForm), "note_form": SimpleLazyObject(NoteForm),
        **action_forms(order, instruments), **filled,
        # the hand-over form's fields, when it is the empty one (rendered once per process: orders.page)
        "order_links": OrderLinks(order.pk),  # the links to its documents, without a reverse each
        "handover_fields": None if "handover_form" in filled else SimpleLazyObject(_empty_handover_fields),
        "total": sum(i.effective_amount for i in instruments) if money else None,
        # the order came through the access helpers; none to read when the order's query found none
        "complaints": complaints_of_visible_order(order) if getattr(order, "has_complaints", True) else (),
        **_panels(order, user, every_instrument, instruments, money,
                  # the staff's timeline holds every entry of the order: its downloads too
                  timeline if user.staff_roles and not laboratory_view(user) else None),
    })


def _empty_handover_fields():
    from orders.page import empty_form_fields
    from survey.forms import HandoverForm

    return empty_form_fields(HandoverForm, "handover_%s")


def _panels(order, user, every_instrument, instruments, money: bool, entries=None) -> dict:
    """The data of the other apps' panels on the order page, read here, each when a panel first shows it
    (lazily: a panel that is not shown reads nothing), never by a template tag. The order's reports are
    read once for every panel that shows some of them; its money only for who sees money. `entries`: the
    timeline, when it holds every audit entry of the order."""
    from billing.panels import OrderMoney
    from certificates import panels as certificates
    from lab.panels import reception_of
    from orders.page import document, quotations_of
    from survey.panels import survey_status

    reports = certificates.OrderReports(order, every_instrument, instruments)
    return {
        "my_roles": user.role_codes,
        "money": OrderMoney(order, every_instrument) if money else None,
        # what the list of quotations shows of each (not the frozen lines of its PDF)
        "quotations": quotations_of(order) if money else (),
        "reports": SimpleLazyObject(lambda: reports.shown),
        "report_changes": SimpleLazyObject(lambda: reports.changes),
        "live_reports": SimpleLazyObject(lambda: reports.live),
        "heads": SimpleLazyObject(lambda: certificates.heads_of_centre(order)),
        "survey": SimpleLazyObject(lambda: survey_status(order, user, reports, entries)),
        "reception": SimpleLazyObject(lambda: document(order, "reception", lambda: reception_of(order))),
    }


def run_form_action(request, order, form_name, form, call, success, *, field=None, shown=None):
    """Run `call(cleaned_data)` when `form` is valid and go back to the order page. When the form is
    invalid, or the service refuses what was typed (a ValidationError: beside `field` when it names
    none), the order page is shown again with the form as filled in and the message beside the field.
    `shown` is what the page gets under `form_name` (default: the form itself)."""
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None if hasattr(exc, "error_dict") else field, exc)
        except TransitionNotAllowed as exc:
            messages.error(request, message_of(exc))
            return redirect("orders:detail", order.pk)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect("orders:detail", order.pk)
    return order_page(request, order, **{form_name: form if shown is None else shown})


def _current_clock(order, calendar):
    from workflow.sla import clock_for

    return clock_for(calendar, "order", order.state, order.state_entered_at)


@login_required
def instrument_detail(request, pk):
    return instrument_page(request, get_instrument_for_user(request, pk))


def instrument_page(request, inst, reason_form=None, **filled):
    """The instrument page; `reason_form` is a reason sent back with an error, shown as typed, and
    `filled` a step's form sent back so (workflow.step_views)."""
    return render(request, "orders/instrument.html", {
        "inst": inst, "order": inst.order, "actions": allowed_codes(inst, "instrument", request.user),
        "parameters": inst.parameters.select_related("analyst"),
        "timeline": inst.audit_entries.select_related("actor").order_by("at", "id"),
        "reason_form": reason_form or ReasonForm(), **filled,
    })


def order_step_page(request, order, filled):
    """The order page again with a step's form sent back with an error (workflow.step_views)."""
    return order_page(request, order, **filled)


def instrument_step_page(request, inst, filled):
    return instrument_page(request, inst, **filled)


@login_required
@require_POST
def order_action(request, pk, action):
    """The order's plain steps under their older addresses (/orders/<pk>/do/<name>/): the same as
    /workflow/step/<code>/<pk>/, through the one mapping of workflow.actions."""
    from workflow.actions import by_slug
    from workflow.step_views import take_step

    step = by_slug("order", action)
    if step is None:
        raise Http404
    return take_step(request, step.code, pk)


@login_required
@require_POST
def approve_tariff(request, pk):
    """Step 6: the amounts typed are kept when anything is refused, so a corrected line is never
    silently replaced by the catalogue price."""
    order = get_order_for_user(request, pk)
    form = TariffApprovalForm(request.POST, instruments=order.instruments.all(), auto_id="tariff_%s")
    step = actions.step("order.approve_tariff")
    return run_form_action(
        request, order, "tariff_form", form,
        lambda data: step.call(request.user, order.pk, {"corrections": form.corrections(), "note": data["note"]}),
        lambda result: step.message(result, form.cleaned_data))


class NextDueForm(forms.Form):
    next_due = forms.DateField(label=_l("Jadwal kalibrasi berikutnya"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"invalid": _l("Tanggal tidak dikenali; pilih tanggal dari kalender.")})


@login_required
def my_instruments(request, failed=None):
    """Every instrument the customer's company ever sent, with its reports and chosen next due date.
    `failed`: the next-due form sent back with an error, shown again in its row as typed."""
    from orders.registry import company_instruments, reminder_days_before

    if not (request.user.is_customer and request.user.company_id):
        raise Http404
    return render(request, "orders/my_instruments.html", {
        "instruments": company_instruments(request.user.company_id), "days_before": reminder_days_before(),
        "today": timezone.localdate(), "failed": failed,
    })


@login_required
@require_POST
def set_next_due(request, pk):
    from orders.registry import set_next_due as set_due

    if not request.user.is_customer:
        raise Http404
    form = NextDueForm(request.POST)
    if form.is_valid():
        next_due = form.cleaned_data["next_due"]
        try:
            set_due(request.user, pk, next_due)
        except ValidationError as exc:
            form.add_error("next_due", exc)
        except TransitionNotAllowed as exc:
            messages.error(request, message_of(exc))
            return redirect("orders:my_instruments")
        else:
            messages.success(request, _("Jadwal kalibrasi berikutnya disimpan.") if next_due
                             else _("Jadwal kalibrasi berikutnya dihapus."))
            return redirect("orders:my_instruments")
    return my_instruments(request, failed={"pk": pk, "form": form})
