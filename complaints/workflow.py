"""Complaints in the SOP engine: the complaint as a subject, its rows, who may act on one and whose
inbox it waits in. Complaints are not part of the SOP (ISO/IEC 17025 7.9 fixes no time), so every
row is another lifecycle's (step None) without a norm."""
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints.states import ASSIGNABLE_ROLES
from complaints.states import ComplaintState as C
from workflow import actions
from workflow.actions import Page, Step
from workflow.inbox_query import prepared_inbox
from workflow.registry import Subject, register
from workflow.table import row

P, CS = Role.PELANGGAN, Role.CS

COMPLAINT = Subject(
    name="complaint", model="complaints.Complaint", states=C, label_id="Pengaduan", label_en="Complaint",
    order_path="order", scope="complaints.workflow.in_scope", inbox="complaints.workflow.inbox_queryset",
    final_states=(C.CLOSED,),
    inbox_columns=("company", "company__name"),
)

ANSWER = "complaint.answer"

ROWS = (
    # The customer lodges it (the creation: no state before it).
    row("complaint.lodge", "complaint", None, P, (), C.LODGED, None, None,
        "Mengajukan pengaduan", "Submit a complaint"),
    row("complaint.acknowledge", "complaint", None, CS, (C.LODGED,), C.ACKNOWLEDGED, None, None,
        "Menanggapi pengaduan", "Acknowledge the complaint", inbox=True),
    row("complaint.assign", "complaint", None, CS, (C.ACKNOWLEDGED,), C.ASSIGNED, None, None,
        "Menugaskan petugas", "Assign an officer", inbox=True),
    # CS may give an assigned complaint to someone else; it then waits for the new assignee, not for CS.
    row("complaint.assign", "complaint", None, CS, (C.ASSIGNED,), C.ASSIGNED, None, None,
        "Menugaskan petugas", "Assign an officer", inbox=False),
    # The member of staff holding it answers, under whichever assignable role they hold.
    *(row(ANSWER, "complaint", None, role, (C.ASSIGNED,), C.ANSWERED, None, None,
          "Menjawab pengaduan", "Answer the complaint", inbox=True) for role in ASSIGNABLE_ROLES),
    row("complaint.close", "complaint", None, CS, (C.ANSWERED,), C.CLOSED, None, None,
        "Menutup pengaduan", "Close the complaint", inbox=False),
    row("complaint.close", "complaint", None, P, (C.ANSWERED,), C.CLOSED, None, None,
        "Menutup pengaduan", "Close the complaint", inbox=True),
    # Reopened once (complaints.states.MAX_REOPENS, kept by the service), back to its assignee.
    row("complaint.reopen", "complaint", None, P, (C.ANSWERED,), C.ASSIGNED, None, None,
        "Membuka kembali pengaduan", "Reopen the complaint", inbox=True),
    row("complaint.reopen", "complaint", None, P, (C.CLOSED,), C.ASSIGNED, None, None,
        "Membuka kembali pengaduan", "Reopen the complaint", inbox=False),
)


def is_assignee(user, obj) -> bool:
    return obj.assignee_id is not None and obj.assignee_id == user.pk


def in_scope(user, role, obj) -> bool:
    """The customer acts on their company's complaints, CS on any of its unit; the other assignable roles act only
    on a complaint they hold (their one row: the answer). CS answering one it holds is checked by the
    service (`complaints.services`), since CS's other rows take any complaint."""
    if role == P:
        return obj.company_id == user.company_id
    if role == CS:  # the complaints of the units where they are CS
        from orders.access import in_role_unit

        return in_role_unit(user, role, obj.order.unit_id)
    if role in ASSIGNABLE_ROLES:
        return is_assignee(user, obj)
    return False


@prepared_inbox
def inbox_queryset(user, role, states):
    """Complaints waiting for `role`: CS's to acknowledge and to assign, the assignee's to answer (only
    those they hold), the customer's answered ones (to close or reopen), their company's only."""
    from complaints.models import Complaint

    held = Q(state=C.ASSIGNED, assignee_id=user.pk) if C.ASSIGNED in states else Q(pk__in=[])
    others = [s for s in states if s != C.ASSIGNED]
    if role == P:
        if not user.company_id:
            return None
        query = Complaint.objects.filter(state__in=others, company_id=user.company_id)
    else:
        query = Complaint.objects.filter(Q(state__in=others) | held)
    return query.select_related("company")  # an inbox row names the complaint and its company


# --- the complaint's steps on its page, in the one mapping from code to service (workflow.actions)

def _services():
    from complaints import services

    return services


STEPS = (
    Step("complaint.acknowledge", lambda u, pk, d: _services().acknowledge(u, pk, d.get("note", "")), "complaint",
         form="complaints.forms.NoteForm", success=_("Pengaduan ditanggapi."), button=_("Tanggapi pengaduan"),
         auto_id="acknowledge_%s", form_name="acknowledge_form", slug="acknowledge"),
    Step("complaint.assign", lambda u, pk, d: _services().assign(
        u, pk, getattr(d["assignee"], "pk", d["assignee"]), d.get("note", "")), "complaint",
         form="complaints.forms.AssignForm", success=_("Pengaduan ditugaskan."), button=_("Tugaskan"),
         auto_id="assign_%s", form_name="assign_form", slug="assign"),
    Step("complaint.answer", lambda u, pk, d: _services().answer(u, pk, d["text"]), "complaint",
         form="complaints.forms.AnswerForm", success=_("Jawaban dikirim kepada pelanggan."), button=_("Kirim jawaban"),
         auto_id="answer_%s", form_name="answer_form", slug="answer"),
    Step("complaint.close", lambda u, pk, d: _services().close(u, pk, d.get("note", "")), "complaint",
         form="complaints.forms.NoteForm", success=_("Pengaduan ditutup."), button=_("Tutup pengaduan"),
         auto_id="close_%s", form_name="close_form", slug="close"),
    Step("complaint.reopen", lambda u, pk, d: _services().reopen(u, pk, d["reason"]), "complaint",
         form="complaints.forms.ReopenForm", success=_("Pengaduan dibuka kembali."), button=_("Buka kembali (satu kali)"),
         auto_id="reopen_%s", form_name="reopen_form", slug="reopen"),
)
PAGE = Page("complaint", fetch="complaints.access.get_complaint_for_user",
            render="complaints.views.complaint_step_page", home="complaints:detail")
ELSEWHERE = {"complaint.lodge": "the complaint form of an order (complaints:create): a subject and a description"}


def register_all():
    from notifications.services import SERVICE_NOTICES

    register(COMPLAINT, ROWS)
    actions.register(*STEPS, page=PAGE, elsewhere=ELSEWHERE)
    SERVICE_NOTICES.add(COMPLAINT.name)  # complaints.services tells the customer, CS and the assignee itself
