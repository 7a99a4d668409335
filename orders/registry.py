"""The customer's instruments: every instrument the company ever sent, grouped by physical instrument
(type + brand + serial number), with its signed reports, its last calibration date and the next due
date the customer chose; and the reminder sent a configurable time before that date, once per date."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from orders.models import CalibrationDue, Instrument
from workflow.engine import TransitionNotAllowed
from workflow.states import InstrumentState, OrderState

# Orders whose instruments never reached the centre.
NOT_SENT = (OrderState.DRAFT, OrderState.CANCELLED)
MAIL_KIND = "instrument_due"


def _norm(text: str) -> str:
    return " ".join((text or "").split()).casefold()[:100]


def instrument_key(inst) -> tuple[int, str, str]:
    return inst.instrument_type_id, _norm(inst.brand), _norm(inst.serial_number)


@dataclass
class PhysicalInstrument:
    key: tuple[int, str, str]
    latest: Instrument  # the most recent line sent, for its description and to order it again
    sent: list[Instrument] = field(default_factory=list)
    reports: list = field(default_factory=list)
    last_calibrated: date | None = None
    due: CalibrationDue | None = None

    @property
    def next_due(self) -> date | None:
        return self.due.next_due if self.due else None


def company_instruments(company_id: int) -> list[PhysicalInstrument]:
    """Every physical instrument of the company, the most recently sent first."""
    from certificates.models import Report, ReportStatus

    lines = list(
        Instrument.objects.filter(order__company_id=company_id).exclude(order__state__in=NOT_SENT)
        .select_related("order", "instrument_type", "result_sheet").order_by("-order__created_at", "position"))
    groups: dict[tuple, PhysicalInstrument] = {}
    for inst in lines:
        group = groups.setdefault(instrument_key(inst), PhysicalInstrument(key=instrument_key(inst), latest=inst))
        group.sent.append(inst)
    reports: dict[int, list] = {}
    for report in Report.objects.filter(instrument__in=[i.pk for i in lines], status=ReportStatus.SIGNED) \
            .order_by("-signed_at"):
        reports.setdefault(report.instrument_id, []).append(report)
    dues = {(d.instrument_type_id, d.brand_key, d.serial_key): d
            for d in CalibrationDue.objects.filter(company_id=company_id)}
    for group in groups.values():
        for inst in group.sent:
            group.reports.extend(reports.get(inst.pk, []))
            sheet = getattr(inst, "result_sheet", None) if inst.state == InstrumentState.VALIDATED else None
            if sheet is not None and sheet.calibration_date and (
                    group.last_calibrated is None or sheet.calibration_date > group.last_calibrated):
                group.last_calibrated = sheet.calibration_date
        group.due = dues.get(group.key)
    return list(groups.values())


def set_next_due(user, instrument_id: int, next_due: date | None) -> CalibrationDue:
    """The customer sets (or clears, with None) the next calibration date of one of their instruments."""
    if not (user.is_authenticated and user.is_active and user.is_customer and user.company_id):
        raise TransitionNotAllowed(_("Hanya pelanggan yang dapat mengatur jadwal kalibrasi alatnya."))
    inst = Instrument.objects.filter(pk=instrument_id, order__company_id=user.company_id) \
        .exclude(order__state__in=NOT_SENT).first()
    if inst is None:
        raise TransitionNotAllowed(_("Alat ini bukan milik perusahaan Anda."))
    today = timezone.localdate()
    if next_due is not None and next_due <= today:
        raise ValidationError(_("Jadwal kalibrasi berikutnya harus sesudah hari ini."))
    if next_due is not None and next_due > today + timedelta(days=366 * 10):
        raise ValidationError(_("Jadwal kalibrasi berikutnya paling lambat sepuluh tahun dari sekarang."))
    type_id, brand, serial = instrument_key(inst)
    with transaction.atomic():
        due, _created = CalibrationDue.objects.select_for_update().get_or_create(
            company_id=user.company_id, instrument_type_id=type_id, brand_key=brand, serial_key=serial)
        due.next_due, due.set_by, due.set_at = next_due, user, timezone.now()
        due.save(update_fields=["next_due", "set_by", "set_at"])
    return due


def reminder_days_before() -> int:
    return int(getattr(settings, "REMINDER_DAYS_BEFORE", 30))


def send_due_reminders(today: date | None = None) -> int:
    """Remind each company of the instruments due within REMINDER_DAYS_BEFORE days, once per due date.
    Run by the scheduler; safe to run often and from two processes at once."""
    from accounts.models import User
    from notifications.services import notify

    today = today or timezone.localdate()
    horizon = today + timedelta(days=reminder_days_before())
    candidates = CalibrationDue.objects.filter(next_due__gte=today, next_due__lte=horizon) \
        .exclude(reminded_for=F("next_due")).values_list("pk", flat=True)
    sent = 0
    for pk in list(candidates):
        with transaction.atomic():
            due = CalibrationDue.objects.select_for_update(skip_locked=True).filter(pk=pk) \
                .select_related("instrument_type").first()
            if due is None or due.next_due is None or due.reminded_for == due.next_due \
                    or not (today <= due.next_due <= horizon):
                continue
            people = list(User.objects.filter(company_id=due.company_id, is_active=True, roles__role="PELANGGAN")
                          .distinct())
            latest = Instrument.objects.filter(order__company_id=due.company_id, instrument_type_id=due.instrument_type_id,
                                               serial_number__iexact=due.serial_key) \
                .exclude(order__state__in=NOT_SENT).order_by("-order__created_at").first()
            brand, serial = (latest.brand, latest.serial_number) if latest else (due.brand_key, due.serial_key)

            def reminder(person, kind, due=due, brand=brand, serial=serial) -> str:  # in the person's language
                return _("Pengingat: %(inst)s dijadwalkan kalibrasi ulang pada %(date)s.") % {
                    "inst": f"{due.instrument_type} {brand} SN {serial}", "date": due.next_due.strftime("%d-%m-%Y")}

            def reminder_mail(person, kind, due=due, reminder=reminder):
                from notifications.content import Message, site_link

                day = formats.date_format(due.next_due, "j F Y")
                return Message(
                    headline=reminder(person, kind),
                    todo=_("Ajukan permohonan kalibrasi ulang sebelum tanggal tersebut; alat ini dapat dipilih dari "
                           "daftar alat Anda tanpa mengetik ulang datanya."),
                    deadline=day, link=site_link(_instruments_url()), link_label=_("Buka daftar alat saya"))

            if people:
                notify(people, reminder, _instruments_url(), kind=MAIL_KIND, message=reminder_mail)
            due.reminded_for, due.reminded_at = due.next_due, timezone.now()
            due.save(update_fields=["reminded_for", "reminded_at"])
            sent += 1
    return sent


def _instruments_url() -> str:
    from django.urls import reverse

    return reverse("orders:my_instruments")
