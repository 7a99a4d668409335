"""Billing pages (steps 8-10): thin views over billing.services."""
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.roles import Role
from billing.access import get_billing_for_user, get_payment_for_user
from billing.models import PaymentProof
from core.actions import run_service
from workflow import actions
from workflow.step_views import take_step
from core.pdf import pdf_response, render_pdf
from orders.access import get_order_with_money_for_user
from workflow.engine import acting_role, record
from workflow.states import OrderState


def _run(request, order, fn, done):
    run_service(request, fn, done)
    return redirect("orders:detail", order.pk)


@login_required
@require_POST
def issue(request, pk):
    return take_step(request, "order.issue_billing", pk)


@login_required
@require_POST
def reissue(request, pk):
    return take_step(request, "order.reissue_billing", pk)


@login_required
@require_POST
def upload_proof(request, pk):
    order = get_order_with_money_for_user(request, pk)
    step = actions.step("order.submit_payment")
    upload = request.FILES.get("proof")
    return _run(request, order, lambda: step.call(request.user, order.pk, {"proof": upload}),
                lambda result: step.message(result, {}))


@login_required
@require_POST
def accept(request, pk):
    return take_step(request, "order.accept_payment", pk)


@login_required
@require_POST
def reject(request, pk):
    return take_step(request, "order.reject_payment", pk)


@login_required
def proof_file(request, pk, proof_pk):
    order = get_order_with_money_for_user(request, pk)
    try:
        proof = order.payment_proofs.get(pk=proof_pk)
    except PaymentProof.DoesNotExist:
        raise Http404 from None
    record("document.download", request.user, acting_role(request.user, Role.BENDAHARA, Role.CS, Role.PELANGGAN),
           order=order, note=f"proof {proof.pk}")
    response = FileResponse(proof.file.open("rb"), content_type=proof.content_type,
                            as_attachment=proof.content_type == "application/pdf" and "download" in request.GET,
                            filename=proof.original_name)
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response


@login_required
def billing_pdf(request, pk):
    """The billing as the customer prints it: code, amount, expiry, payer, lines and how to pay."""
    billing = get_billing_for_user(request, pk)
    record("document.download", request.user, acting_role(request.user, Role.BENDAHARA, Role.CS, Role.PELANGGAN),
           order=billing.order, note=f"billing {billing.code}")
    pdf = render_pdf("billing/billing_pdf.html", {"billing": billing, "order": billing.order,
                                                  "lines": billing.lines.all()})
    return pdf_response(pdf, f"e-billing-{billing.code}.pdf")


@login_required
def receipt_pdf(request, pk):
    """The receipt of one payment."""
    payment = get_payment_for_user(request, pk)
    record("document.download", request.user, acting_role(request.user, Role.BENDAHARA, Role.CS, Role.PELANGGAN),
           order=payment.order, note=f"receipt {payment.billing.code}")
    pdf = render_pdf("billing/receipt_pdf.html", {"payment": payment, "billing": payment.billing,
                                                  "order": payment.order, "lines": payment.billing.lines.all()})
    return pdf_response(pdf, f"kuitansi-{payment.billing.code}.pdf")


@login_required
def payment_status(request, pk):
    """Polled by the order page while it waits for payment: reloads the page once it is paid."""
    order = get_order_with_money_for_user(request, pk)
    response = HttpResponse(status=204)
    if order.state not in (OrderState.AWAITING_PAYMENT, OrderState.PAYMENT_SUBMITTED):
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
    return response
