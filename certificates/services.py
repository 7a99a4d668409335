"""The report (E-LHU), steps 17-20: numbers, the signature request, the electronic signature (TTE)
and forwarding the signed reports to the customer."""
from __future__ import annotations

import hashlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from accounts.roles import Role
from certificates import dcc_issue, delegation, signers
from certificates.content import render_report
from certificates.models import Report, ReportStatus
from core.numbering import next_number
from orders.models import Order
from units.current import unit_code_of
from workflow.engine import TransitionNotAllowed, apply, authorize, lock, record
from workflow.models import AuditEntry
from workflow.states import InstrumentState

WRONG_PASSPHRASE = "signature.wrong_passphrase"
# After this many wrong passphrases within the window, signing is refused for a while.
MAX_WRONG_PASSPHRASES = 5
WRONG_PASSPHRASE_WINDOW = timedelta(minutes=15)
LIVE = (ReportStatus.NUMBERED, ReportStatus.SIGNED)


WrongPassphrase = signers.WrongPassphrase


def heads_of_centre(unit=None):
    """Accounts CS may ask to sign (step 18): the heads of centre of `unit` (a Unit or its id: the
    order's) and its acting heads today (Plh./Plt.); None: of every unit."""
    from django.db.models import Q

    unit_id = getattr(unit, "pk", unit)
    heads = Q(roles__role=Role.KEPALA_BALAI) if unit_id is None else Q(roles__role=Role.KEPALA_BALAI,
                                                                          roles__unit_id=unit_id)
    return User.objects.filter(heads | Q(pk__in=delegation.acting_user_ids(unit=unit_id)), is_active=True).distinct()


def live_reports(order):
    return order.reports.filter(status__in=LIVE).select_related("instrument", "instrument__instrument_type", "signer")


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def number_reports(user, order_id: int, note: str = "") -> list[Report]:
    """Step 17: the team head gives each validated instrument its report (E-LHU) number. Rejected
    instruments get none. Numbers come from the numbering service and are never reused."""
    with transaction.atomic():
        order = lock(Order, order_id)
        row = authorize(order, "order.number_reports", user)
        instruments = list(order.instruments.select_for_update().filter(state=InstrumentState.VALIDATED)
                           .order_by("position", "id"))
        if not instruments:
            raise TransitionNotAllowed(_("Tidak ada alat dengan hasil tervalidasi untuk diberi nomor LHU."))
        reports = []
        for inst in instruments:
            existing = inst.reports.filter(status__in=LIVE).first()
            if existing is None:
                existing = new_report(user, order=order, instrument=inst)
            reports.append(existing)
        dcc_issue.check_numbered(reports)  # a DCC that does not validate refuses the numbering (~10 ms each)
        apply(order, row, user, note=note, data={"reports": [r.number for r in reports]})
    return reports


def new_report(user, **fields) -> Report:
    """A report numbered now by `user` (the Ketua Tim PJI, at step 17 or approving a correction): the
    creation row of the report's lifecycle (certificates/workflow.py), applied by the engine."""
    from workflow.engine import authorize_creation, create

    authorize_creation("report.number", user)  # refused before a number is taken
    report = Report(number=next_number("report", unit_code=unit_code_of(fields["order"])), numbered_by=user, **fields)
    create(report, "report.number", user, note=f"E-LHU {report.number}", data={"report": report.number},
           order=fields.get("order"))
    return report


def request_signature(user, order_id: int, signer_id, note: str = "") -> Order:
    """Step 18: CS has printed the draft reports and asks a head of centre to sign them."""
    with transaction.atomic():
        order = lock(Order, order_id)
        row = authorize(order, "order.request_signature", user)
        try:
            signer = heads_of_centre(order.unit_id).get(pk=signer_id)  # a head of the order's own unit
        except (User.DoesNotExist, ValueError, TypeError):
            raise ValidationError(_("Pilih Kepala Balai (atau Plh./Plt.) unit pesanan ini yang akan "
                                    "menandatangani.")) from None
        if not order.reports.filter(status=ReportStatus.NUMBERED).exists():
            raise TransitionNotAllowed(_("Pesanan ini belum memiliki E-LHU bernomor."))
        order.signer = signer
        apply(order, row, user, note=note, fields=["signer"], data={"signer": signer.username})
    return order


def _recent_wrong_passphrases(user) -> int:
    since = timezone.now() - WRONG_PASSPHRASE_WINDOW
    return AuditEntry.objects.filter(code=WRONG_PASSPHRASE, actor=user, at__gte=since).count()


def check_not_locked_out(user) -> None:
    """Refuse signing while `user` has had too many wrong passphrases in the window."""
    if _recent_wrong_passphrases(user) >= MAX_WRONG_PASSPHRASES:
        raise TransitionNotAllowed(_("Terlalu banyak passphrase salah. Coba lagi dalam %(m)d menit.")
                                   % {"m": int(WRONG_PASSPHRASE_WINDOW.total_seconds() // 60)})


def record_wrong_passphrase(user, order=None, note: str = "") -> None:
    """Audit a wrong passphrase (never the passphrase itself); these entries drive the lockout."""
    with transaction.atomic():
        record(WRONG_PASSPHRASE, user, Role.KEPALA_BALAI, order=order,
               note=note or _("Passphrase TTE salah; tidak ada E-LHU yang ditandatangani."))


@sensitive_variables("passphrase")
def unlock_signer(user, passphrase: str):
    """The open signer of `user` (settings.SIGNER_BACKEND), or WrongPassphrase; refused while locked out
    and when the key or service cannot be used (TransitionNotAllowed with the reason)."""
    check_not_locked_out(user)
    try:
        return signers.signer_backend().open(user, passphrase)
    except WrongPassphrase:
        raise
    except signers.SignerError as exc:
        raise TransitionNotAllowed(exc.message) from None


def signed_pdf_of(report: Report, user, signer, now) -> tuple[bytes, str]:
    """Render `report` dated `now` and sign it (PAdES) with the open `signer`: (signed PDF, the
    signer's position, acting head where so). Stores nothing; the costly part, done outside locks."""
    unit = report.order.unit
    position = delegation.signer_position(user, timezone.localdate(now), unit)
    dcc = dcc_issue.issued_dcc(report, signer, timezone.localdate(now), user)  # embedded, so the signature covers it
    pdf = render_report(report, draft=False, issued_on=timezone.localdate(now), signer=user, position=position,
                        dcc=dcc)
    try:
        signed = signer.sign(pdf, name=user.full_name or user.username, reason=f"E-LHU {report.number}",
                             location=unit.name)
    except WrongPassphrase:
        raise
    except signers.SignerError as exc:
        raise TransitionNotAllowed(exc.message) from None
    return signed, position


def store_signed(report: Report, user, signed: bytes, position: str, now, saved: list[str], data=None) -> Report:
    """Keep the signed PDF and move the report to SIGNED along its row "report.sign" (inside the caller's
    transaction, with the report locked; `saved` names the file written, for removal should the
    transaction fail). `user` is the head (or acting head) who signed, also when a batch task signs."""
    row = delegation.authorize_signing(report, user, "report.sign")
    report.signed_pdf.save(f"{report.token}.pdf", ContentFile(signed), save=False)
    saved.append(report.signed_pdf.name)
    report.sha256, report.signer, report.signed_at = sha256_of(signed), user, now
    report.signer_position = position
    dcc = ["dcc_xml", "dcc_sha256"] if dcc_issue.store_dcc(report, signed, saved) else []  # the signed PDF's own DCC
    apply(report, row, user, note=f"E-LHU {report.number}", fields=["signed_pdf", "sha256", "signer", "signed_at",
                                                                     "signer_position", *dcc],
          data={"report": report.number, **(data or {})})
    return report


@sensitive_variables("passphrase")
def signing_session(user, order_id, passphrase: str, work):
    """Run `work(saved)`, which renders and signs before it opens its transaction and locks (no slow
    work under a lock). A wrong passphrase signs nothing and is audited; on any failure the files
    already written are removed again."""
    if not passphrase:
        raise ValidationError(_("Masukkan passphrase TTE Anda."))
    saved: list[str] = []
    try:
        return work(saved)
    except WrongPassphrase:
        delete_files(saved)
        record_wrong_passphrase(user, Order.objects.filter(pk=order_id).first())
        raise TransitionNotAllowed(_("Passphrase salah. Tidak ada E-LHU yang ditandatangani.")) from None
    except BaseException:
        delete_files(saved)
        raise


def delete_files(names: list[str]) -> None:
    """Remove signed files written by a transaction that did not commit."""
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


def require_asked_signer(order, user) -> None:
    """Refuse unless CS asked `user` to sign this order (step 18 chose the signer)."""
    if order.signer_id != user.pk:
        raise TransitionNotAllowed(_("Penandatanganan pesanan ini diminta kepada %(name)s, bukan kepada Anda.")
                                   % {"name": order.signer or "—"})


def may_sign(order, report, user):
    """Refuse unless `user` may sign `report` of `order` now; the workflow row of step 19 otherwise."""
    row = delegation.authorize_signing(order, user)
    require_asked_signer(order, user)
    if report.status != ReportStatus.NUMBERED:
        raise TransitionNotAllowed(_("E-LHU ini tidak lagi menunggu tanda tangan (%(s)s).")
                                   % {"s": report.get_status_display()})
    return row


def sign_then_store(order_id: int, report_ids: list[int], user, signer, data=None) -> list[Report]:
    """Step 19 without slow work under a lock: render and sign `report_ids` of the order holding no
    lock (a PDF and a signature take seconds), then, in one transaction, lock the order and those reports
    (the lock order of docs/decisions.md), check again that `user` may sign each now, store them, and
    move the order to SIGNED when none of its reports is left waiting. All or nothing."""
    order = Order.objects.get(pk=order_id)
    reports = list(Report.objects.filter(pk__in=report_ids, order_id=order_id)
                   .select_related("instrument", "instrument__instrument_type", "instrument__laboratory"))
    for report in reports:
        may_sign(order, report, user)
    now = timezone.now()
    rendered = {report.pk: signed_pdf_of(report, user, signer, now) for report in reports}
    saved: list[str] = []
    try:
        with transaction.atomic():
            order = lock(Order, order_id)
            locked = list(Report.objects.select_for_update().filter(pk__in=rendered).order_by("id"))
            row = None
            for report in locked:
                row = may_sign(order, report, user)
                signed, position = rendered[report.pk]
                store_signed(report, user, signed, position, now, saved, data=data)
            if row is not None and not order.reports.filter(status=ReportStatus.NUMBERED,
                                                            replaces__isnull=True).exists():
                signed_numbers = list(order.reports.filter(status=ReportStatus.SIGNED).order_by("id")
                                      .values_list("number", flat=True))
                apply(order, row, user, data={"reports": signed_numbers, **(data or {})})
            return locked
    except BaseException:
        delete_files(saved)
        raise


@sensitive_variables("passphrase")
def sign_reports(user, order_id: int, passphrase: str) -> list[Report]:
    """Step 19: the chosen head of centre unlocks the key with the passphrase; every numbered report
    is rendered dated today and signed (PAdES), outside any lock (see sign_then_store). A wrong
    passphrase signs nothing and is audited."""
    if not passphrase:
        raise ValidationError(_("Masukkan passphrase TTE Anda."))
    order = Order.objects.get(pk=order_id)
    delegation.authorize_signing(order, user)
    require_asked_signer(order, user)
    try:
        signer = unlock_signer(user, passphrase)
        waiting = list(order.reports.filter(status=ReportStatus.NUMBERED, replaces__isnull=True)
                       .order_by("id").values_list("pk", flat=True))
        if not waiting:
            raise TransitionNotAllowed(_("Tidak ada E-LHU yang menunggu tanda tangan."))
        return sign_then_store(order_id, waiting, user, signer)
    except WrongPassphrase:
        record_wrong_passphrase(user, order)
        raise TransitionNotAllowed(_("Passphrase salah. Tidak ada E-LHU yang ditandatangani.")) from None


def signed_content(report: Report) -> bytes:
    """The stored signed PDF, refused if it no longer matches the hash taken when it was signed."""
    if report.status != ReportStatus.SIGNED or not report.signed_pdf:
        raise TransitionNotAllowed(_("E-LHU %(n)s belum ditandatangani.") % {"n": report.number})
    with report.signed_pdf.open("rb") as fh:
        content = fh.read()
    if sha256_of(content) != report.sha256:
        raise TransitionNotAllowed(_("Berkas E-LHU %(n)s tidak utuh; hubungi admin.") % {"n": report.number})
    return content


def forward_reports(user, order_id: int, note: str = "") -> Order:
    """Step 20: CS has checked the signed reports and forwards them; the customer is notified."""
    with transaction.atomic():
        order = lock(Order, order_id)
        row = authorize(order, "order.forward", user)
        # A replacement still waiting for its signature does not hold up the reports already signed.
        reports = list(order.reports.filter(status__in=LIVE).exclude(replaces__isnull=False,
                                                                     status=ReportStatus.NUMBERED))
        if not reports or any(r.status != ReportStatus.SIGNED for r in reports):
            raise TransitionNotAllowed(_("Setiap E-LHU pesanan ini harus sudah ditandatangani."))
        for report in reports:
            signed_content(report)  # the files are intact
        apply(order, row, user, note=note, data={"reports": [r.number for r in reports]})
    return order
