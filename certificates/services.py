"""The report (E-LHU), steps 17-20: numbers, the signature request, the electronic signature (TTE)
and forwarding the signed reports to the customer."""
from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from accounts.roles import Role
from certificates import signing
from certificates.content import render_report
from certificates.models import Report, ReportStatus
from core.numbering import next_number
from orders.models import Order
from workflow.engine import TransitionNotAllowed, apply, authorize, lock, record
from workflow.models import AuditEntry
from workflow.states import InstrumentState

WRONG_PASSPHRASE = "signature.wrong_passphrase"
# After this many wrong passphrases within the window, signing is refused for a while.
MAX_WRONG_PASSPHRASES = 5
WRONG_PASSPHRASE_WINDOW = timedelta(minutes=15)
LIVE = (ReportStatus.NUMBERED, ReportStatus.SIGNED)


class WrongPassphrase(Exception):
    """The passphrase does not open the signer's key. Carries no detail on purpose."""


def heads_of_centre():
    """Accounts CS may ask to sign (step 18)."""
    return User.objects.filter(roles__role=Role.KEPALA_BALAI, is_active=True).distinct()


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
            reports.append(existing or Report.objects.create(
                order=order, instrument=inst, number=next_number("report"), numbered_by=user))
        apply(order, row, user, note=note, data={"reports": [r.number for r in reports]})
    return reports


def request_signature(user, order_id: int, signer_id, note: str = "") -> Order:
    """Step 18: CS has printed the draft reports and asks a head of centre to sign them."""
    with transaction.atomic():
        order = lock(Order, order_id)
        row = authorize(order, "order.request_signature", user)
        try:
            signer = heads_of_centre().get(pk=signer_id)
        except (User.DoesNotExist, ValueError, TypeError):
            raise ValidationError(_("Pilih akun Kepala Balai yang akan menandatangani.")) from None
        if not order.reports.filter(status=ReportStatus.NUMBERED).exists():
            raise TransitionNotAllowed(_("Pesanan ini belum memiliki E-LHU bernomor."))
        order.signer = signer
        apply(order, row, user, note=note, fields=["signer"], data={"signer": signer.username})
    return order


def _recent_wrong_passphrases(user) -> int:
    since = timezone.now() - WRONG_PASSPHRASE_WINDOW
    return AuditEntry.objects.filter(code=WRONG_PASSPHRASE, actor=user, at__gte=since).count()


@sensitive_variables("passphrase")
def unlock_signer(user, passphrase: str):
    """The pyHanko signer of `user` (a head of centre), or WrongPassphrase; refused while locked out."""
    if _recent_wrong_passphrases(user) >= MAX_WRONG_PASSPHRASES:
        raise TransitionNotAllowed(_("Terlalu banyak passphrase salah. Coba lagi dalam %(m)d menit.")
                                   % {"m": int(WRONG_PASSPHRASE_WINDOW.total_seconds() // 60)})
    if not signing.has_key(user):
        raise TransitionNotAllowed(_("Sertifikat elektronik Anda belum terpasang. Hubungi admin."))
    signer = signing.load_signer(user, passphrase)
    if signer is None:
        raise WrongPassphrase
    return signer


def sign_report(report: Report, user, signer, now, saved: list[str]) -> Report:
    """Render `report` dated `now`, sign it (PAdES), store the file and mark the report SIGNED."""
    pdf = render_report(report, draft=False, issued_on=timezone.localdate(now), signer=user)
    signed = signing.sign_pdf(pdf, signer, name=user.full_name or user.username,
                              reason=f"E-LHU {report.number}", location=settings.BALAI_NAME)
    report.signed_pdf.save(f"{report.token}.pdf", ContentFile(signed), save=False)
    saved.append(report.signed_pdf.name)
    report.sha256, report.signer, report.signed_at = sha256_of(signed), user, now
    report.status = ReportStatus.SIGNED
    report.save(update_fields=["signed_pdf", "sha256", "signer", "signed_at", "status"])
    return report


@sensitive_variables("passphrase")
def signing_session(user, order_id, passphrase: str, work):
    """Run `work(saved)` in a transaction. A wrong passphrase signs nothing and is audited; on any
    failure the files already written are removed again."""
    if not passphrase:
        raise ValidationError(_("Masukkan passphrase TTE Anda."))
    saved: list[str] = []
    try:
        with transaction.atomic():
            return work(saved)
    except WrongPassphrase:
        with transaction.atomic():
            record(WRONG_PASSPHRASE, user, Role.KEPALA_BALAI, order=Order.objects.filter(pk=order_id).first(),
                   note=_("Passphrase TTE salah; tidak ada E-LHU yang ditandatangani."))
        raise TransitionNotAllowed(_("Passphrase salah. Tidak ada E-LHU yang ditandatangani.")) from None
    except BaseException:
        from django.core.files.storage import default_storage

        for name in saved:
            default_storage.delete(name)
        raise


@sensitive_variables("passphrase")
def _sign_all(user, order, row, passphrase: str, saved: list[str]) -> list[Report]:
    if order.signer_id != user.pk:
        raise TransitionNotAllowed(_("Penandatanganan pesanan ini diminta kepada %(name)s, bukan kepada Anda.")
                                   % {"name": order.signer or "—"})
    signer = unlock_signer(user, passphrase)
    reports = list(order.reports.select_for_update(of=("self",))
                   .filter(status=ReportStatus.NUMBERED, replaces__isnull=True)
                   .select_related("instrument", "instrument__instrument_type", "instrument__laboratory"))
    if not reports:
        raise TransitionNotAllowed(_("Tidak ada E-LHU yang menunggu tanda tangan."))
    now = timezone.now()
    for report in reports:
        sign_report(report, user, signer, now, saved)
    apply(order, row, user, data={"reports": [r.number for r in reports]})
    return reports


@sensitive_variables("passphrase")
def sign_reports(user, order_id: int, passphrase: str) -> list[Report]:
    """Step 19: the chosen head of centre unlocks the key with the passphrase; every numbered report
    is rendered dated today and signed (PAdES). A wrong passphrase signs nothing and is audited."""
    def work(saved):
        order = lock(Order, order_id)
        row = authorize(order, "order.sign", user)
        return _sign_all(user, order, row, passphrase, saved)

    return signing_session(user, order_id, passphrase, work)


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
