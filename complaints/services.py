"""Complaint transitions. One function per move: one transaction, the row locked, the guard from
`complaints.states.MOVES` (role, state, scope), save with update_fields, a history entry, an audit
entry, and the notices sent after the commit."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.roles import Role
from complaints.models import Complaint, ComplaintEntry
from complaints.states import ASSIGNABLE_ROLES, ASSIGNEE, MAX_REOPENS, MOVES
from workflow.engine import TransitionNotAllowed, record

MAX_TEXT = 5000
MAIL_KIND = "complaint"


def _text(value: str, what: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("Tuliskan %(what)s.") % {"what": what})
    if len(value) > MAX_TEXT:
        raise ValidationError(_("%(what)s paling panjang %(n)s karakter.") % {"what": what.capitalize(), "n": MAX_TEXT})
    return value


def _notify(people, message: str, params: dict, complaint: Complaint):
    """Tell these people; `message` (marked with gettext_noop) % `params` is written in each one's language."""
    from notifications.services import notify

    people = [p for p in people if p is not None and p.is_active]
    if people:
        notify(people, lambda person, kind: _(message) % params, reverse("complaints:detail", args=[complaint.pk]),
               kind=MAIL_KIND)


def _staff_with(role: str) -> list[User]:
    return list(User.objects.filter(roles__role=role, is_active=True).distinct())


def _acting_role(user, move_code: str, complaint: Complaint) -> str:
    """The role under which `user` may make `move_code` on `complaint` now, or TransitionNotAllowed."""
    move = MOVES[move_code]
    if not user.is_active:
        raise TransitionNotAllowed(_("Akun Anda tidak aktif."))
    held = set(user.role_codes)
    if complaint.assignee_id == user.pk:
        held.add(ASSIGNEE)
    mine = [a for a in move.actors if a in held]
    if not mine:
        raise TransitionNotAllowed(_("Anda tidak berwenang untuk langkah “%(name)s”.") % {"name": move.name})
    if complaint.state not in move.sources:
        raise TransitionNotAllowed(_("Langkah “%(name)s” tidak dapat dilakukan: pengaduan berstatus “%(state)s”.")
                                   % {"name": move.name, "state": complaint.get_state_display()})
    role = mine[0]
    if role == Role.PELANGGAN and complaint.company_id != user.company_id:
        raise TransitionNotAllowed(_("Pengaduan ini bukan milik perusahaan Anda."))
    return role


def can(complaint: Complaint, move_code: str, user) -> bool:
    try:
        _acting_role(user, move_code, complaint)
    except TransitionNotAllowed:
        return False
    if move_code == "reopen" and complaint.reopen_count >= MAX_REOPENS:
        return False
    return True


def allowed_moves(complaint: Complaint, user) -> set[str]:
    return {code for code in MOVES if can(complaint, code, user)}


def _move(user, complaint: Complaint, code: str, role: str, text: str = "", fields=(), assignee=None) -> ComplaintEntry:
    now = timezone.now()
    from_state = complaint.state
    complaint.state = MOVES[code].target
    complaint.state_entered_at = now
    complaint.save(update_fields=["state", "state_entered_at", *fields])
    entry = ComplaintEntry.objects.create(complaint=complaint, at=now, actor=user, action=code, from_state=from_state,
                                          to_state=complaint.state, text=text, assignee=assignee)
    record(f"complaint.{code}", user, role if role != ASSIGNEE else _staff_role(user),
           note=text[:500], data={"complaint": complaint.pk, "order": complaint.order_id, "from": from_state,
                                  "to": complaint.state})
    return entry


def _staff_role(user) -> str:
    staff = user.staff_roles
    return staff[0] if staff else Role.PELANGGAN


def _lock(pk) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=pk)


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
        ComplaintEntry.objects.create(complaint=complaint, at=complaint.created_at, actor=user, action="lodge",
                                      to_state=complaint.state, text=description)
        record("complaint.lodge", user, Role.PELANGGAN, note=subject,
               data={"complaint": complaint.pk, "order": order.pk})
        _notify(_staff_with(Role.CS), gettext_noop("Pengaduan baru atas pesanan %(order)s: %(subject)s"),
                {"order": order, "subject": subject}, complaint)
    return complaint


def acknowledge(user, complaint_id: int, note: str = "") -> Complaint:
    """CS acknowledges the complaint; the customer is told it was received and is being handled."""
    note = _text(note, _("catatan"), required=False)
    with transaction.atomic():
        complaint = _lock(complaint_id)
        role = _acting_role(user, "acknowledge", complaint)
        _move(user, complaint, "acknowledge", role, note)
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
        role = _acting_role(user, "assign", complaint)
        complaint.assignee = assignee
        _move(user, complaint, "assign", role, note, fields=["assignee"], assignee=assignee)
        _notify([assignee], gettext_noop("%(c)s ditugaskan kepada Anda: %(subject)s"),
                {"c": complaint, "subject": complaint.subject}, complaint)
    return complaint


def answer(user, complaint_id: int, text: str) -> Complaint:
    """The assigned member of staff answers; the customer and CS are told."""
    text = _text(text, _("jawaban"))
    with transaction.atomic():
        complaint = _lock(complaint_id)
        role = _acting_role(user, "answer", complaint)
        complaint.answer = text
        _move(user, complaint, "answer", role, text, fields=["answer"])
        _notify([complaint.raised_by, *_staff_with(Role.CS)], gettext_noop("%(c)s atas pesanan %(order)s telah dijawab."),
                {"c": complaint, "order": complaint.order}, complaint)
    return complaint


def close(user, complaint_id: int, note: str = "") -> Complaint:
    """CS or the customer closes an answered complaint."""
    note = _text(note, _("catatan"), required=False)
    with transaction.atomic():
        complaint = _lock(complaint_id)
        role = _acting_role(user, "close", complaint)
        complaint.closed_at = timezone.now()
        _move(user, complaint, "close", role, note, fields=["closed_at"])
        others = [complaint.raised_by] if role != Role.PELANGGAN else _staff_with(Role.CS)
        _notify([p for p in others if p.pk != user.pk], gettext_noop("%(c)s ditutup."), {"c": complaint}, complaint)
    return complaint


def reopen(user, complaint_id: int, reason: str) -> Complaint:
    """The customer, not satisfied with the answer, reopens the complaint once; it goes back to its assignee."""
    reason = _text(reason, _("alasan membuka kembali"))
    with transaction.atomic():
        complaint = _lock(complaint_id)
        role = _acting_role(user, "reopen", complaint)
        if complaint.reopen_count >= MAX_REOPENS:
            raise TransitionNotAllowed(_("Pengaduan hanya dapat dibuka kembali satu kali. Ajukan pengaduan baru."))
        complaint.reopen_count += 1
        complaint.closed_at = None
        _move(user, complaint, "reopen", role, reason, fields=["reopen_count", "closed_at"])
        _notify([complaint.assignee, *_staff_with(Role.CS)], gettext_noop("%(c)s dibuka kembali oleh pelanggan."),
                {"c": complaint}, complaint)
    return complaint


def assignable_staff():
    return User.objects.filter(is_active=True, roles__role__in=ASSIGNABLE_ROLES).distinct().order_by("full_name")
