"""Orders: the list and detail a user sees in the pages, their reports and billings, and the order
steps of the SOP a role may take through the same services as the pages."""
from enum import Enum

from django.http import HttpRequest
from django.urls import reverse
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from api.access import api_order, api_order_with_money, api_orders
from api.auth import read_auth, transitions_auth
from api.params import MAX_PAGE_SIZE, BoundedPageNumberPagination, OrderId
from api.schemas import (
    BillingOut,
    ErrorOut,
    OrderDetail,
    OrderFilter,
    OrderIn,
    OrderSummary,
    QuotationOut,
    ReasonIn,
    ReportOut,
    TransitionIn,
)
from certificates import services as certificate_services
from certificates.content import verify_url
from certificates.models import ReportStatus
from orders.access import instruments_seen_by, laboratory_view
from orders.services import InstrumentLine, save_draft
from workflow import actions
from workflow.engine import allowed_codes
from workflow.states import OrderState

router = Router(tags=["orders"])

READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
TRANSITION_ERRORS = {**READ_ERRORS, 400: ErrorOut, 409: ErrorOut}  # 400: a body that is not JSON
# Customers see the reports once CS has forwarded them (as on the order page).
CUSTOMER_REPORT_STATES = {OrderState.FORWARDED, OrderState.SURVEYED, OrderState.COMPLETED}


class OrderTransition(str, Enum):
    SUBMIT = "order.submit"
    VALIDATE = "order.validate"
    APPROVE_TARIFF = "order.approve_tariff"
    ACCEPT_PRICE = "order.accept_price"
    ISSUE_BILLING = "order.issue_billing"
    ACCEPT_PAYMENT = "order.accept_payment"
    NUMBER_REPORTS = "order.number_reports"
    FORWARD = "order.forward"


# Steps that need a reason: each is its own operation (same URL) whose body requires one. The service of
# every step is the one registered for its code in workflow.actions, as for the pages and the demo.
REASON_STEPS = {
    "order.reject_price": "Pelanggan menolak harga (dengan alasan)",
    "order.cancel": "Membatalkan pesanan (dengan alasan)",
    "order.reject_payment": "Menolak bukti bayar (dengan alasan)",
    "order.return_to_customer": "CS mengembalikan permohonan ke pelanggan untuk diperbaiki (dengan alasan)",
}


def _detail(user, pk: int):
    order = api_order(user, pk)
    order.allowed_transitions = sorted(allowed_codes(order, "order", user))
    return order


@router.get("/orders", response={200: list[OrderSummary], **READ_ERRORS}, auth=read_auth,
            summary="Daftar pesanan yang terlihat")
@paginate(BoundedPageNumberPagination, page_size=20, max_page_size=MAX_PAGE_SIZE)
def list_orders(request: HttpRequest, filters: Query[OrderFilter]):
    orders = api_orders(request.user).prefetch_related("instruments")
    if filters.state:
        orders = orders.filter(state=filters.state)
    if filters.number:
        orders = orders.filter(number__icontains=filters.number.strip())
    return orders.order_by("-created_at", "-pk")


@router.post("/orders/drafts", response={201: OrderDetail, **TRANSITION_ERRORS}, auth=transitions_auth,
             summary="Membuat draf pesanan (langkah 4) pada unit yang dipilih")
def create_order(request: HttpRequest, body: OrderIn):
    """A customer's new draft order from the unit named by its code (the installation's default unit when
    none is named), through the same service as the order form: 422 when the unit is unknown or inactive
    or a line's instrument type is not one the unit offers; 409 for an account that is not a customer's.
    Submit it with the transition `order.submit`."""
    lines = [InstrumentLine(line.instrument_type_id, line.brand, line.serial_number, line.capacity,
                            model=line.model, resolution=line.resolution, points=line.points, units=line.units,
                            tolerance=line.tolerance, customer_identification=line.customer_identification)
             for line in body.lines]
    order = save_draft(request.user, lines, body.notes, unit_code=(body.unit or "").strip() or None)
    return Status(201, _detail(request.user, order.pk))


@router.get("/orders/{order_id}", response={200: OrderDetail, **READ_ERRORS}, auth=read_auth,
            summary="Pesanan beserta alatnya")
def get_order(request: HttpRequest, order_id: OrderId):
    return _detail(request.user, order_id)


@router.get("/orders/{order_id}/reports", response={200: list[ReportOut], **READ_ERRORS}, auth=read_auth,
            summary="E-LHU pesanan")
def order_reports(request: HttpRequest, order_id: OrderId):
    order = api_order(request.user, order_id)
    if request.user.is_customer and order.state not in CUSTOMER_REPORT_STATES:
        return []
    reports = list(certificate_services.live_reports(order))
    if laboratory_view(request.user):  # a laboratory's own instruments' reports only
        mine = {i.pk for i in instruments_seen_by(request.user, order.instruments.all())}
        reports = [r for r in reports if r.instrument_id in mine]
    for report in reports:
        report.verify_url = verify_url(report) if report.status == ReportStatus.SIGNED else None
    return reports


@router.get("/orders/{order_id}/billings", response={200: list[BillingOut], **READ_ERRORS}, auth=read_auth,
            summary="E-billing pesanan")
def order_billings(request: HttpRequest, order_id: OrderId):
    order = api_order_with_money(request.user, order_id)
    return list(order.billings.select_related("replaces").order_by("created_at", "pk"))


@router.get("/orders/{order_id}/quotations", response={200: list[QuotationOut], **READ_ERRORS}, auth=read_auth,
            summary="Surat penawaran harga pesanan")
def order_quotations(request: HttpRequest, order_id: OrderId):
    """Every quotation issued at step 6, newest first, with the legal basis of each line; `pdf_url` is the
    document on the order page (session login)."""
    order = api_order_with_money(request.user, order_id)
    quotations = list(order.quotations.all())
    for n, quotation in enumerate(quotations):
        quotation.current = n == 0
        quotation.pdf_url = reverse("quotations:pdf", args=[order.pk]) + f"?id={quotation.pk}"
    return quotations


def _reason_operation(code: str, summary: str):
    def view(request: HttpRequest, order_id: OrderId, body: ReasonIn):
        order = api_order(request.user, order_id)
        actions.run(code, request.user, order.pk, {"reason": body.reason})
        return _detail(request.user, order.pk)

    view.__doc__ = "Runs the step through the same service as the page; the reason is required."
    router.post(f"/orders/{{order_id}}/transitions/{code}", response={200: OrderDetail, **TRANSITION_ERRORS},
                auth=transitions_auth, summary=summary, operation_id=code.replace(".", "_"),
                url_name=code.replace(".", "_"))(view)


# Before the general operation, whose `{code}` would otherwise take these paths.
for _code, _summary in REASON_STEPS.items():
    _reason_operation(_code, _summary)


@router.post("/orders/{order_id}/transitions/{code}", response={200: OrderDetail, **TRANSITION_ERRORS},
             auth=transitions_auth, summary="Menjalankan langkah SOP pada pesanan")
def order_transition(request: HttpRequest, order_id: OrderId, code: Path[OrderTransition],
                     body: TransitionIn | None = None):
    """Runs the step through the same service as the page: 409 with the service's message when the
    step is not allowed now (role, state or scope)."""
    order = api_order(request.user, order_id)
    actions.run(code.value, request.user, order.pk, (body or TransitionIn()).model_dump())
    return _detail(request.user, order.pk)
