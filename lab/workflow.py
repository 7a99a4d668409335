"""The laboratory's steps (reception, the supervisor's check, the technical manager's approval of the
assignment) in the one mapping from code to service (workflow.actions), for the pages, the API and the
demo road. Their rows belong to the order and instrument subjects (orders/workflow.py)."""
from django.utils.translation import gettext_lazy as _

from workflow import actions
from workflow.actions import Step


def _services():
    from lab import services

    return services


STEPS = (
    Step("order.receive", lambda u, pk, d: _services().receive_order(u, pk, d["lines"], d.get("delivered_by", "")),
         "order", success=_("Alat diterima."),
         own_page="the reception page: a line per instrument with its condition, laboratory and supervisor"),
    Step("instrument.assign", lambda u, pk, d: _services().assign_analysts(u, pk, d["analysts"], d.get("note", "")),
         "instrument", own_page="the assignment page: an analyst per parameter"),
    Step("instrument.reject_at_check", lambda u, pk, d: _services().reject_at_check(u, pk, d["reason"]),
         "instrument", form="orders.forms.ReasonForm", success=_("Alat ditolak dan dikembalikan ke pelanggan."), auto_id="id_%s",
         own_page="a reason on the assignment page, shown again there"),
    Step("instrument.approve_assignment",
         lambda u, pk, d: _services().approve_assignment(u, pk, note=d.get("note", "")), "instrument",
         success=_("Penugasan divalidasi; analis dapat mulai."),
         button=_("Validasi parameter dan analis (langkah 13)")),
    Step("instrument.return_assignment", lambda u, pk, d: _services().return_assignment(u, pk, d["reason"]),
         "instrument", form="orders.forms.ReasonForm", success=_("Penugasan dikembalikan ke penyelia."),
         button=_("Kembalikan"), auto_id="id_%s", form_name="reason_form"),
)


def register_all():
    actions.register(*STEPS)
