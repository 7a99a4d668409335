from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from accounts.roles import Role
from workflow.inbox import inbox
from workflow.table import TRANSITIONS


@login_required
def inbox_view(request, role):
    if role not in Role.values or not request.user.has_role(role):
        raise Http404
    items = inbox(request.user, role)
    return render(request, "workflow/inbox.html", {"role": role, "role_label": Role(role).label, "items": items})


def sop_view(request):
    return render(request, "workflow/sop.html", {"rows": TRANSITIONS})
