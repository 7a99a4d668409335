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
    steps = [t for t in TRANSITIONS if t.step is not None and t.subject != "instrument"]
    return render(request, "core/home.html", {"steps": sorted({t.step: t for t in steps}.values(), key=lambda t: t.step)})
