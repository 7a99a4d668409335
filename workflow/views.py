from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from accounts.roles import Role
from core.paths import link_of
from workflow.inbox import inbox_page
from workflow.table import TRANSITIONS


@login_required
def inbox_view(request, role):
    if role not in Role.values or not request.user.has_role(role):
        raise Http404
    items, waiting = inbox_page(request.user, role)
    return render(request, "workflow/inbox.html", {
        "role": role, "role_label": Role(role).label, "items": items, "waiting": waiting,
        # each row's link joined from these (one URL reversal per page, not per row)
        "links": {"account": link_of("accounts:review"), "order": link_of("orders:detail"),
                  "instrument": link_of("orders:instrument")},
    })


def sop_view(request):
    return render(request, "workflow/sop.html", {"rows": TRANSITIONS})
