"""The reference standards list with their certificates' validity (expired, expiring within 30 days)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from metrology.access import visible_standards
from metrology.models import EXPIRY_WARNING_DAYS


@login_required
def standards(request):
    rows = list(visible_standards(request.user).select_related("laboratory").order_by("valid_until"))
    return render(request, "metrology/standards.html", {
        "rows": rows, "days": EXPIRY_WARNING_DAYS,
        "expired": [s for s in rows if s.active and s.expired],
        "expiring": [s for s in rows if s.active and s.expiring_soon],
    })
