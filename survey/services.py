"""Steps 21-22 and the hand-over of the instruments: the satisfaction survey, the gated download of
the signed reports (every download logged), completing the order, and the hand-over record (BAST)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from certificates.models import Report, ReportStatus
from core.numbering import next_number
from orders.access import order_in_scope
from orders.models import Order
from survey import ikm
from survey.models import ELEMENT_FIELDS, ELEMENTS, HandoverItem, HandoverRecord, SurveyResponse
from units.current import unit_code_of
from workflow.engine import TransitionNotAllowed, acting_role, apply, authorize, lock, record
from workflow.models import AuditEntry
from workflow.states import InstrumentState, OrderState

DOWNLOAD_CODE = "document.download"
HANDOVER_CODE = "handover.recorded"
# Order states in which the customer may download the signed reports: after the survey.
UNLOCKED_STATES = {OrderState.SURVEYED, OrderState.COMPLETED}
# Order states in which the reports are signed, so the instruments can go back.
HANDOVER_STATES = {OrderState.SIGNED, OrderState.FORWARDED, OrderState.SURVEYED, OrderState.COMPLETED}
# Staff who read the satisfaction index of the centre.
IKM_READERS = {Role.ADMIN, Role.CS, Role.KETUA_PJI, Role.MT, Role.KEPALA_BALAI}


def survey_first_message() -> str:
    return _("Isi survei kepuasan terlebih dahulu untuk mengunduh E-LHU.")


# --- step 21: the survey ---

def fill_survey(user, order_id: int, scores: dict[str, int], comment: str = "") -> SurveyResponse:
    """Step 21: the customer scores the nine elements (1-4); the signed reports unlock."""
    missing = [str(label) for name, label, _q in ELEMENTS if scores.get(name) not in (1, 2, 3, 4)]
    if missing:
        raise ValidationError(_("Beri nilai 1 sampai 4 untuk: %(el)s.") % {"el": ", ".join(missing)})
    with transaction.atomic():
        order = lock(Order, order_id)
        row = authorize(order, "order.fill_survey", user)
        if SurveyResponse.objects.filter(order=order).exists():
            raise TransitionNotAllowed(_("Survei untuk pesanan ini sudah diisi."))
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(
                    order=order, respondent=user, submitted_at=timezone.now(),
                    comment=(comment or "").strip()[:2000], **{f: scores[f] for f in ELEMENT_FIELDS})
        except IntegrityError:
            raise TransitionNotAllowed(_("Survei untuk pesanan ini sudah diisi.")) from None
        result = ikm.compute([response.scores])
        apply(order, row, user, data={"scores": dict(zip(ELEMENT_FIELDS, response.scores)),
                                      "ikm": str(result.value)})
    return response


def responses_between(start=None, end=None):
    qs = SurveyResponse.objects.all()
    if start is not None:
        qs = qs.filter(submitted_at__gte=start)
    if end is not None:
        qs = qs.filter(submitted_at__lt=end)
    return qs


def index_of(responses) -> ikm.IkmResult | None:
    """The IKM of a queryset of responses."""
    return ikm.compute(responses.values_list(*ELEMENT_FIELDS))


# --- the download gate ---

def signed_reports(order: Order):
    """The order's signed reports that have their signed PDF."""
    return (Report.objects.filter(order=order, status=ReportStatus.SIGNED).exclude(signed_pdf="")
            .select_related("instrument", "instrument__instrument_type").order_by("instrument__position", "id"))


def _is_member(user, order: Order) -> bool:
    return user.is_customer and user.company_id is not None and user.company_id == order.company_id


def downloads_unlocked(user, order: Order) -> bool:
    """Whether `user` may download the order's signed reports now. A member of the customer's
    company may once the survey is filled; the centre's staff who see the order may any time."""
    if not user.is_active:
        return False
    if _is_member(user, order):
        return order.state in UNLOCKED_STATES
    return any(r != Role.PELANGGAN and order_in_scope(user, r, order) for r in user.role_codes)


def record_report_download(user, order: Order, report_id) -> tuple[Report, bytes]:
    """Check the gate for one signed report of `order`, read its newest file (the signed PDF or its
    latest archival revision, checked against that file's hash) and log the download; returns the report
    and the bytes to serve.
    `order` must come from the access helpers (it is in the user's view)."""
    from certificates.archive import served_content

    try:
        report = signed_reports(order).get(pk=report_id)
    except (Report.DoesNotExist, ValueError, TypeError):
        raise ValidationError(_("E-LHU tidak ditemukan atau belum ditandatangani.")) from None
    if not downloads_unlocked(user, order):
        if _is_member(user, order):
            raise TransitionNotAllowed(survey_first_message())
        raise TransitionNotAllowed(_("Anda tidak berwenang mengunduh E-LHU pesanan ini."))
    role = Role.PELANGGAN if _is_member(user, order) else acting_role(
        user, Role.CS, Role.KEPALA_BALAI, Role.KETUA_PJI, Role.MT, Role.ADMIN, Role.BENDAHARA, Role.PENYELIA,
        Role.ANALIS)
    try:
        content = served_content(report)  # the newest revision: with its archival timestamps
    except OSError:
        raise TransitionNotAllowed(_("Berkas E-LHU %(n)s tidak dapat dibaca; hubungi Customer Service.")
                                   % {"n": report.number}) from None
    record(DOWNLOAD_CODE, user, role, order=order, note=report.number,
           data={"report": report.pk, "kind": "report"})
    return report, content


def customer_downloaded(order: Order, numbers=None) -> bool:
    """Whether a member of the customer's company has downloaded a signed report of the order.
    `numbers`: the numbers of the order's reports, when the caller has read them."""
    if numbers is None:
        numbers = list(Report.objects.filter(order=order).order_by().values_list("number", flat=True))
    if not numbers:
        return False
    return AuditEntry.objects.filter(order=order, code=DOWNLOAD_CODE, role=Role.PELANGGAN,
                                     note__in=download_notes(numbers), actor__company_id=order.company_id).exists()


def download_notes(numbers) -> list[str]:
    """The notes of the downloads of the reports `numbers`: this app logs the number; the certificates
    app's own download page logs "E-LHU <number>"."""
    return list(numbers) + [f"E-LHU {n}" for n in numbers]


# --- step 22: completing the order ---

def complete_order(user, order_id: int) -> Order:
    """Step 22: after downloading and checking the reports, the customer marks the order complete."""
    with transaction.atomic():
        order = lock(Order, order_id)
        row = authorize(order, "order.complete", user)
        if not customer_downloaded(order):
            raise TransitionNotAllowed(
                _("Unduh dan periksa E-LHU terlebih dahulu sebelum menyelesaikan order."))
        apply(order, row, user)
    return order


# --- the hand-over record (BAST) ---

def can_record_handover(user, order: Order) -> bool:
    return (user.is_active and user.has_role(Role.CS) and order.state in HANDOVER_STATES
            and not HandoverRecord.objects.filter(order=order).exists())


def _item_of(inst, report_numbers: dict[int, str]) -> HandoverItem:
    desc = f"{inst.instrument_type} · {inst.brand} {inst.model}".strip() + f" · SN {inst.serial_number}"
    if inst.state == InstrumentState.REJECTED:
        remark = _("Ditolak: %(r)s") % {"r": inst.rejection_reason}
    elif inst.pk in report_numbers:
        remark = _("E-LHU %(n)s") % {"n": report_numbers[inst.pk]}
    else:
        remark = ""
    return HandoverItem(instrument=inst, sample_id=inst.sample_id, description=desc[:400], remark=remark[:300])


def record_handover(user, order_id: int, received_by_name: str, note: str = "") -> HandoverRecord:
    """CS records that the received instruments went back to the customer (no change of state)."""
    name = (received_by_name or "").strip()
    if not name:
        raise ValidationError(_("Tuliskan nama penerima dari pihak pelanggan."))
    with transaction.atomic():
        order = lock(Order, order_id)
        if not user.is_active or not user.has_role(Role.CS):
            raise TransitionNotAllowed(_("Hanya Customer Service yang membuat berita acara serah terima."))
        if HandoverRecord.objects.filter(order=order).exists():
            raise TransitionNotAllowed(_("Berita acara serah terima untuk pesanan %(o)s sudah dibuat.") % {"o": order})
        if order.state not in HANDOVER_STATES:
            raise TransitionNotAllowed(
                _("Alat diserahkan kembali setelah E-LHU ditandatangani; pesanan %(o)s berstatus “%(s)s”.")
                % {"o": order, "s": order.get_state_display()})
        instruments = list(order.instruments.filter(sample_id__isnull=False).select_related("instrument_type"))
        if not instruments:
            raise ValidationError(_("Tidak ada alat yang diterima untuk diserahkan kembali."))
        reports = dict(Report.objects.filter(order=order, status=ReportStatus.SIGNED)
                       .values_list("instrument_id", "number"))
        handover = HandoverRecord.objects.create(
            order=order, number=next_number("handover", unit_code=unit_code_of(order)), received_by_name=name[:150], handed_over_by=user,
            handed_over_at=timezone.now(), note=(note or "").strip()[:2000])
        items = [_item_of(inst, reports) for inst in instruments]
        for item in items:
            item.record = handover
        HandoverItem.objects.bulk_create(items)
        record(HANDOVER_CODE, user, Role.CS, order=order, note=handover.number,
               data={"received_by": handover.received_by_name, "samples": [i.sample_id for i in items]})
    return handover
