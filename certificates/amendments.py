"""Corrections (ISO/IEC 17025 7.8.8) and revocation of signed reports.

A signed report is never edited or deleted. CS asks, with a reason, for a correction or a revocation;
the Ketua Tim PJI approves or rejects. An approved correction is a new report with its own number that
states which report it replaces and why; once a head of centre has signed it (with the passphrase, as
at step 19) the old report is SUPERSEDED. An approved revocation makes the report REVOKED at once.
These are steps of the report's and the change's own lifecycles (certificates/workflow.py), not order
transitions: the order's state does not change; each step is kept in the audit trail and the order's
timeline. Once a replacement is signed or a revocation takes effect (after the commit),
the customer's people get a notice and an email (`tell_customer`).
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from accounts.roles import Role
from certificates import services
from certificates.content import verify_url
from certificates.models import (
    OPEN_CHANGE,
    ChangeKind,
    ChangeStatus,
    Report,
    ReportChange,
    ReportStatus,
)
from orders.models import Order
from units.letterhead import unit_of
from workflow.engine import TransitionNotAllowed, apply, authorize, authorize_creation, create, lock, transition_name
from workflow.table import rows_for

REASON_MAX = 2000


def _require(user, code: str) -> None:
    """Refuse, before anything is read, a person whose roles take no row of `code` (the engine's words)."""
    actors = {row.actor for row in rows_for(code)}
    if user is None or not user.is_active or not any(user.has_role(role) for role in actors):
        raise TransitionNotAllowed(_("Peran Anda tidak berwenang untuk langkah “%(name)s”.")
                                   % {"name": transition_name(rows_for(code)[0])})


def _reason(text: str, message: str) -> str:
    text = (text or "").strip()[:REASON_MAX]
    if not text:
        raise ValidationError(message)
    return text


def open_change(report: Report) -> ReportChange | None:
    """The correction or revocation of `report` that is still being decided or signed."""
    return report.changes.filter(status__in=OPEN_CHANGE).select_related("new_report").first()


def closing_change(report: Report) -> ReportChange | None:
    """The finished change that ended `report` (superseded or revoked), for the verify page."""
    if report.status not in (ReportStatus.SUPERSEDED, ReportStatus.REVOKED):
        return None
    return report.changes.filter(status=ChangeStatus.DONE).select_related("new_report").last()


def changes_of(order: Order):
    return (ReportChange.objects.filter(report__order=order)
            .select_related("report", "report__instrument", "new_report", "requested_by", "decided_by"))


def request_change(user, report_id, kind: str, reason: str) -> ReportChange:
    """CS asks for a correction or a revocation of a signed report, saying why."""
    if kind not in ChangeKind.values:
        raise ValidationError(_("Jenis permintaan tidak dikenal."))
    authorize_creation("report_change.request", user)  # a role that may not ask hears it first
    reason = _reason(reason, _("Tuliskan alasan koreksi atau pencabutan."))
    with transaction.atomic():
        try:
            lock(Order, Report.objects.values_list("order_id", flat=True).get(pk=report_id))
        except (Report.DoesNotExist, ValueError, TypeError):
            raise ValidationError(_("E-LHU tidak ditemukan.")) from None
        report = lock(Report, report_id)
        if report.status != ReportStatus.SIGNED:
            raise TransitionNotAllowed(_("Hanya E-LHU yang berlaku dan sudah ditandatangani yang dapat dikoreksi "
                                         "atau dicabut; %(n)s berstatus “%(s)s”.")
                                       % {"n": report.number, "s": report.get_status_display()})
        if open_change(report):
            raise TransitionNotAllowed(_("E-LHU %(n)s sudah memiliki permintaan koreksi/pencabutan yang belum "
                                         "selesai.") % {"n": report.number})
        change = ReportChange(report=report, kind=kind, reason=reason, requested_by=user)
        create(change, "report_change.request", user, note=reason, order=report.order,
               data={"report": report.number, "kind": kind})
    return change


def _order_id_of(change_id) -> int:
    try:
        return ReportChange.objects.values_list("report__order_id", flat=True).get(pk=change_id)
    except (ReportChange.DoesNotExist, ValueError, TypeError):
        raise ValidationError(_("Permintaan tidak ditemukan.")) from None


def _locked_request(change_id) -> ReportChange:
    lock(Order, _order_id_of(change_id))
    change = lock(ReportChange, change_id)
    report = lock(Report, change.report_id)
    change.report = report
    if change.status != ChangeStatus.REQUESTED:
        raise TransitionNotAllowed(_("Permintaan untuk E-LHU %(n)s sudah diputuskan.") % {"n": report.number})
    if report.status != ReportStatus.SIGNED:
        raise TransitionNotAllowed(_("E-LHU %(n)s tidak lagi berlaku.") % {"n": report.number})
    return change


def approve_change(user, change_id, note: str = "") -> ReportChange:
    """The Ketua Tim PJI approves: a correction gets a new report number (the replacement, to be signed
    again); a revocation makes the report REVOKED and the change DONE at once."""
    _require(user, "report_change.approve")
    note = (note or "").strip()[:REASON_MAX]
    with transaction.atomic():
        change = _locked_request(change_id)
        old = change.report
        change.decided_by, change.decided_at, change.decision_note = user, timezone.now(), note
        decided = ["decided_by", "decided_at", "decision_note"]
        if change.kind == ChangeKind.AMENDMENT:
            row = authorize(change, "report_change.approve", user)
            change.new_report = services.new_report(user, order=old.order, instrument=old.instrument, replaces=old,
                                                    amendment_reason=change.reason)
            apply(change, row, user, note=note or change.reason, fields=[*decided, "new_report"],
                  data={"report": old.number, "new_report": change.new_report.number, "change": change.pk})
        else:
            row = authorize(change, "report_change.revoke", user)
            revoke = authorize(old, "report.revoke", user)
            apply(old, revoke, user, note=change.reason, data={"report": old.number, "change": change.pk})
            apply(change, row, user, note=note or change.reason, fields=decided,
                  data={"report": old.number, "change": change.pk})
            _tell_customer_after_commit(change.pk)
    return change


def reject_change(user, change_id, note: str) -> ReportChange:
    """The Ketua Tim PJI rejects the request, saying why; the report stays as it is."""
    _require(user, "report_change.reject")
    note = _reason(note, _("Tuliskan alasan penolakan."))
    with transaction.atomic():
        change = _locked_request(change_id)
        row = authorize(change, "report_change.reject", user)
        change.decided_by, change.decided_at, change.decision_note = user, timezone.now(), note
        apply(change, row, user, note=note, fields=["decided_by", "decided_at", "decision_note"],
              data={"report": change.report.number, "kind": change.kind, "change": change.pk})
    return change


def awaiting_signature(order: Order):
    """Approved corrections of `order` whose replacement report a head of centre has still to sign."""
    return changes_of(order).filter(kind=ChangeKind.AMENDMENT, status=ChangeStatus.APPROVED)


@sensitive_variables("passphrase")
def sign_amendment(user, change_id, passphrase: str) -> Report:
    """A head of centre signs the replacement report with the passphrase (as at step 19); the report it
    replaces becomes SUPERSEDED."""
    from certificates.delegation import delegated_roles, may_sign

    if not may_sign(user):  # the head of centre, or an acting head within the delegation's period
        _require(user, "report_change.complete")
    order_id = _order_id_of(change_id)

    def pending(fetch):
        change = fetch(ReportChange, change_id)
        if change.kind != ChangeKind.AMENDMENT or change.status != ChangeStatus.APPROVED:
            raise TransitionNotAllowed(_("Tidak ada E-LHU pengganti yang menunggu tanda tangan."))
        old, new = fetch(Report, change.report_id), fetch(Report, change.new_report_id)
        if new.status != ReportStatus.NUMBERED or old.status != ReportStatus.SIGNED:
            raise TransitionNotAllowed(_("Tidak ada E-LHU pengganti yang menunggu tanda tangan."))
        return change, old, new

    def work(saved):
        # Rendered and signed with no lock held (docs/decisions.md), then locked, checked again, stored.
        _change, _old, new = pending(lambda model, pk: model.objects.get(pk=pk))
        signer = services.unlock_signer(user, passphrase)
        now = timezone.now()
        signed, position = services.signed_pdf_of(new, user, signer, now)
        with transaction.atomic():
            lock(Order, order_id)
            change, old, new = pending(lock)  # the change, then its reports (the lock order of docs/decisions.md)
            change.report = old
            roles = delegated_roles(user)
            done = authorize(change, "report_change.complete", user, delegated_roles=roles)
            superseded = authorize(old, "report.supersede", user, delegated_roles=roles)
            services.store_signed(new, user, signed, position, now, saved, data={"change": change.pk})
            apply(old, superseded, user, note=new.amendment_reason,
                  data={"report": old.number, "new_report": new.number, "change": change.pk})
            apply(change, done, user, note=new.amendment_reason,
                  data={"report": new.number, "replaces": old.number, "change": change.pk})
            _tell_customer_after_commit(change.pk)
        return new

    return services.signing_session(user, order_id, passphrase, work)


def _tell_customer_after_commit(change_id) -> None:
    """Once the current transaction has committed, tell the customer; a failure there is logged and
    never reaches the person who signed or decided."""
    def after_commit():  # a named function: Django logs a failing callback by its __qualname__
        tell_customer(change_id)

    transaction.on_commit(after_commit, robust=True)


def customers_told(order: Order) -> list[User]:
    """The people of the order's company who are told about its orders: its active customer accounts."""
    return list(User.objects.filter(company_id=order.company_id, is_active=True, roles__role=Role.PELANGGAN)
                .distinct().order_by("pk"))


def tell_customer(change_id) -> list:
    """Tell the customer that a report they hold is no longer valid: an in-app notice for each person of
    the company and, if they want this kind of email, a mail naming the report, the reason, its
    replacement (for a correction) and the public verify pages. Called once the correction's signature
    or the revocation has committed, so a failing notice or mail server never undoes the change."""
    from notifications.kinds import MailKind
    from notifications.services import SUBJECT_PREFIX, notify

    change = (ReportChange.objects.select_related("report__order", "report__instrument__instrument_type", "new_report")
              .filter(pk=change_id, status=ChangeStatus.DONE).first())
    if change is None:
        return []
    old, order = change.report, change.report.order
    new = change.new_report if change.kind == ChangeKind.AMENDMENT else None
    people = customers_told(order)
    if not people:
        return []

    def headline() -> str:  # in the language of the person told
        if new is not None:
            return _("E-LHU %(old)s (order %(order)s) tidak berlaku lagi: digantikan oleh E-LHU %(new)s.") % {
                "old": old.number, "order": order, "new": new.number}
        return _("E-LHU %(old)s (order %(order)s) tidak berlaku lagi: dicabut.") % {"old": old.number, "order": order}

    def text(person, kind) -> str:
        said = headline()
        room = 300 - len(said) - len(_(" Alasan: %(reason)s") % {"reason": ""})
        return (said + _(" Alasan: %(reason)s") % {
            "reason": Truncator(" ".join(change.reason.split())).chars(max(room, 1))})[:300]

    url = reverse("orders:detail", args=[order.pk])
    context = {
        "old_number": old.number, "new_number": new.number if new else "", "order_number": str(order),
        "reason": change.reason, "old_verify": verify_url(old), "new_verify": verify_url(new) if new else "",
        "order_link": f"{settings.SITE_URL.rstrip('/')}{url}", "balai": unit_of(order).name,
        "prefs": f"{settings.SITE_URL.rstrip('/')}{reverse('notifications:preferences')}"}
    with transaction.atomic():  # the notices and their mails together, or neither
        notes = notify(people, text, url, kind=MailKind.REPORT_CHANGED, unit=order.unit_id,
                       subject=lambda person: SUBJECT_PREFIX + headline(),
                       body=lambda person: render_to_string("certificates/report_changed_mail.txt", {
                           **context, "name": person, "instrument": f"{old.instrument.instrument_type.display_name} "
                                                                   f"{old.instrument.brand} {old.instrument.serial_number}"}))
    return notes
