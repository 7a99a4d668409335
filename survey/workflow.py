"""The customer's last steps (21 and 22) in the one mapping from code to service (workflow.actions);
their rows belong to the order (orders/workflow.py)."""
from django.utils.translation import gettext_lazy as _

from workflow import actions
from workflow.actions import Step


def _services():
    from survey import services

    return services


STEPS = (
    Step("order.fill_survey", lambda u, pk, d: _services().fill_survey(u, pk, d["scores"], d.get("comment", "")),
         "order", success=_("Terima kasih atas penilaian Anda. E-LHU sekarang dapat diunduh."),
         own_page="the survey page: a score per element of service"),
    Step("order.complete", lambda u, pk, d: _services().complete_order(u, pk), "order",
         success=_("Pesanan selesai. Terima kasih telah menggunakan layanan kami."),
         button=_("Selesai Order (langkah 22)")),
)


def register_all():
    actions.register(*STEPS)
