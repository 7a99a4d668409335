"""The quotation PDF: fetched through the order access helper, rendered from the frozen record."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import translation

from accounts.roles import Role
from core.pdf import pdf_response, render_pdf
from orders.access import get_order_with_money_for_user
from quotations.services import current_quotation
from workflow.engine import acting_role, record


def quotation_for(request, order):
    """The quotation asked for (`?id=`, one of this order's) or the current one; 404 when there is none
    (before step 6) or the id is not this order's."""
    wanted = request.GET.get("id")
    if wanted:
        try:
            return order.quotations.select_related("issued_by").get(pk=int(wanted))
        except (ValueError, order.quotations.model.DoesNotExist):
            raise Http404 from None
    quotation = current_quotation(order)
    if quotation is None:
        raise Http404
    return quotation


@login_required
def quotation_pdf(request, pk):
    order = get_order_with_money_for_user(request, pk)
    quotation = quotation_for(request, order)
    record("document.download", request.user, acting_role(request.user, Role.KETUA_PJI, Role.CS, Role.PELANGGAN),
           order=order, note=f"quotation {quotation.number}")
    regulations = {line["regulation"]: line["regulation_title"] for line in quotation.lines}
    with translation.override("id"):  # a stored document reads the same in every session
        pdf = render_pdf("quotations/quotation_pdf.html", {"q": quotation, "regulations": sorted(regulations.items())})
    return pdf_response(pdf, f"surat-penawaran-{quotation.number.replace('/', '-')}.pdf")
