"""The public front pages drawn from the SOP table: the home page (or a signed-in user's own start page)
and the service standard (Standar Pelayanan)."""
from django.shortcuts import redirect, render

from workflow.table import TRANSITIONS


def home(request):
    user = request.user
    if user.is_authenticated:
        if user.is_customer:
            return redirect("orders:list")
        roles = user.staff_roles
        if roles:
            return redirect("workflow:inbox", roles[0])
    steps: dict[int, object] = {}
    for t in TRANSITIONS:
        if t.step is not None:
            steps.setdefault(t.step, t)
    return render(request, "workflow/home.html", {"steps": [steps[n] for n in sorted(steps)]})


def service_standard(request):
    """Public: the service standard (Standar Pelayanan) of calibration, its components as the public-service
    rules list them, drawn from the SOP table; or the Balai's own published document when configured."""
    from django.conf import settings

    if settings.SERVICE_STANDARD_URL:
        return redirect(settings.SERVICE_STANDARD_URL)
    steps = [t for t in TRANSITIONS if t.step is not None]
    return render(request, "workflow/service_standard.html", {
        "working_days": sum(t.norm_working_days or 0 for t in {t.step: t for t in steps}.values()),
        "complaint_url": settings.COMPLAINT_CHANNEL_URL})

