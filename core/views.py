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
    return render(request, "core/home.html", {"steps": [steps[n] for n in sorted(steps)]})
