"""Complaint transitions through the SOP engine: one function per step, each one transaction with the
complaint's row locked, `authorize` (role, state, scope from the table in `complaints/workflow.py`),
`apply` (state, audit entry, clock), and the notices sent after the commit. The complaint's history is
its audit entries (subject "complaint"); they also appear on its order's timeline."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.roles import Role
from complaints.models import Complaint
from complaints.states import ASSIGNABLE_ROLES, MAX_REOPENS
from complaints.workflow import ANSWER, is_assignee
from workflow.engine import TransitionNotAllowed, apply, authorize, create
from workflow.models import AuditEntry

MAX_TEXT = 5000
MAIL_KIND = "complaint"
# The steps a page offers, by the name in its URL.
CODES = {name: f"complaint.{name}" for name in ("acknowledge", "assign", "answer", "close", "reopen")}


def _text(value: str, what: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("Tuliskan %(what)s.") % {"what": what})
    if len(value) > MAX_TEXT:
        raise ValidationError(_("%(what)s paling panjang %(n)s karakter.") % {"what": what.capitalize(), "n": MAX_TEXT})
    return value


def _notify(people, message: str, params: dict, complaint: Complaint):
    """Tell these people; `message` (marked with gettext_noop) % `params` is written in each one's language.
    A complaint is its order's unit's matter: staff of another unit are not told (notifications.scope)."""
    from notifications.services import notify

    people = [p for p in people if p is not None and p.is_active]
    if people:
        notify(people, lambda person, kind: _(message) % params, reverse("complaints:detail", args=[complaint.pk]),
               kind=MAIL_KIND, unit=complaint.order.unit_id)


def _staff_with(role: str) -> list[User]:
    return list(User.objects.filter(roles__role=role, is_active=True).distinct())


def _authorize(complaint: Complaint, code: str, user):
    """The engine's decision, and what the table cannot say by role alone: only the member of staff
    holding the complaint answers it (CS too, whose other rows take any complaint)."""
    row = authorize(complaint, code, user)
    if code == ANSWER and not is_assignee(user, complaint):
        raise TransitionNotAllowed(_("%(obj)s bukan bagian dari pekerjaan Anda.") % {"obj": complaint})
    return row


def can(complaint: Complaint, name: str, user) -> bool:
    """Whether `user` may take the step `name` ("acknowledge", ...) now (for the page's forms)."""
    try:
        _authorize(complaint, CODES[name], user)
    except TransitionNotAllowed:
        return False
    return not (name == "reopen" and complaint.reopen_count >= MAX_REOPENS)


def allowed_moves(complaint: Complaint, user) -> set[str]:
    return {name for name in CODES if can(complaint, name, user)}


def _lock(pk) -> Complaint:
    return Complaint.objects.select_for_update().select_related("order").get(pk=pk)


def lodge(user, order_id: int, subject: str, description: str) -> Complaint:
    """A customer complains about one of their company's orders; CS is told."""
    from orders.models import Order
    from workflow.states import OrderState

    subject = _text(subject, _("perihal"))[:200]
    description = _text(description, _("uraian pengaduan"))
    if not (user.is_active and user.is_customer and user.company_id):
        raise TransitionNotAllowed(_("Hanya pelanggan yang dapat mengajukan pengaduan."))
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(pk=order_id, company_id=user.company_id).first()
        if order is None:
            raise TransitionNotAllowed(_("Pesanan ini bukan milik perusahaan Anda."))
        if order.state == OrderState.DRAFT:
            raise TransitionNotAllowed(_("Pengaduan hanya dapat diajukan untuk pesanan yang sudah diajukan."))
        complaint = Complaint.objects.create(order=order, company_id=order.company_id, raised_by=user,
                                             subject=subject, description=description)
        create(complaint, "complaint.lodge", user, note=description, data={"subject": subject}, order=order)
        _notify(_staff_with(Role.CS), gettext_noop("Pengaduan baru atas pesanan %(order)s: %(subject)s"),
                {"order": order, "subject": subject}, complaint)
    return complaint


def acknowledge(user, complaint_id: int, note: str = "") -> Complaint:
    """CS acknowledges the complaint; the customer is told it was received and is being handled."""
    note = _text(note, _("catatan"), required=False)
    with transaction.atomic():
        complaint = _lock(complaint_id)
        row = _authorize(complaint, "complaint.acknowledge", user)
        apply(complaint, row, user, note=note)
        _notify([complaint.raised_by], gettext_noop("%(c)s atas pesanan %(order)s telah diterima dan sedang ditangani."),
                {"c": complaint, "order": complaint.order}, complaint)
    return complaint


def assign(user, complaint_id: int, assignee_id: int, note: str = "") -> Complaint:
    """CS gives the complaint to a member of staff (Ketua Tim PJI, a supervisor…), who is told."""
    note = _text(note, _("catatan"), required=False)
    assignee = User.objects.filter(pk=assignee_id, is_active=True, roles__role__in=ASSIGNABLE_ROLES).distinct().first()
    if assignee is None:
        raise ValidationError(_("Pilih petugas yang menangani pengaduan."))
    with transaction.atomic():
        complaint = _lock(complaint_id)
        row = _authorize(complaint, "complaint.assign", user)
        if complaint.order.unit_id not in assignee.units_of(*ASSIGNABLE_ROLES):  # a unit's staff, their unit's
            raise ValidationError(_("Petugas itu bukan staf unit pesanan ini."))
        complaint.assignee = assignee
        apply(complaint, row, user, note=note, fields=["assignee"], data={"assignee": assignee.pk})
        _notify([assignee], gettext_noop("%(c)s ditugaskan kepada Anda: %(subject)s"),
                {"c": complaint, "subject": complaint.subject}, complaint)
    return complaint


def answer(user, complaint_id: int, text: str) -> Complaint:
    """The assigned member of staff answers; the customer and CS are told."""
    text = _text(text, _("jawaban"))
    with transaction.atomic():
        complaint = _lock(complaint_id)
        row = _authorize(complaint, ANSWER, user)
        complaint.answer = text
        apply(complaint, row, user, note=text, fields=["answer"])
        _notify([complaint.raised_by, *_staff_with(Role.CS)], gettext_noop("%(c)s atas pesanan %(order)s telah dijawab."),
                {"c": complaint, "order": complaint.order}, complaint)
    return complaint


def close(user, complaint_id: int, note: str = "") -> Complaint:
    """CS or the customer closes an answered complaint."""
    note = _text(note, _("catatan"), required=False)
    with transaction.atomic():
        complaint = _lock(complaint_id)
        row = _authorize(complaint, "complaint.close", user)
        complaint.closed_at = timezone.now()
        apply(complaint, row, user, note=note, fields=["closed_at"])
        others = [complaint.raised_by] if row.actor != Role.PELANGGAN else _staff_with(Role.CS)
        _notify([p for p in others if p.pk != user.pk], gettext_noop("%(c)s ditutup."), {"c": complaint}, complaint)
    return complaint


def reopen(user, complaint_id: int, reason: str) -> Complaint:
    """The customer, not satisfied with the answer, reopens the complaint once; it goes back to its assignee."""
    reason = _text(reason, _("alasan membuka kembali"))
    with transaction.atomic():
        complaint = _lock(complaint_id)
        row = _authorize(complaint, "complaint.reopen", user)
        if complaint.reopen_count >= MAX_REOPENS:
            raise TransitionNotAllowed(_("Pengaduan hanya dapat dibuka kembali satu kali. Ajukan pengaduan baru."))
        complaint.reopen_count += 1
        complaint.closed_at = None
        apply(complaint, row, user, note=reason, fields=["reopen_count", "closed_at"])
        _notify([complaint.assignee, *_staff_with(Role.CS)], gettext_noop("%(c)s dibuka kembali oleh pelanggan."),
                {"c": complaint}, complaint)
    return complaint


def history(complaint: Complaint) -> list[AuditEntry]:
    """The complaint's history: its audit entries, oldest first, each with `assignee` (the member of
    staff an assignment gave it to) read in one query for the whole list."""
    entries = list(AuditEntry.objects.filter(subject="complaint", object_id=complaint.pk)
                   .select_related("actor").order_by("at", "id"))
    ids = {e.data.get("assignee") for e in entries if isinstance(e.data, dict) and e.data.get("assignee")}
    people = User.objects.in_bulk(ids) if ids else {}
    for e in entries:
        e.assignee = people.get(e.data.get("assignee")) if isinstance(e.data, dict) else None
    return entries


def assignable_staff():
    return User.objects.filter(is_active=True, roles__role__in=ASSIGNABLE_ROLES).distinct().order_by("full_name")
