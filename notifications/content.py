"""What a mail says: what happened, what the person is to do next and by when, with the facts they need
(the billing code, amount, expiry and how to pay; a reason; the price and its corrections; the report
numbers). Plain text and HTML come from the same two templates.

`TransitionMail` reads what a transition's mails need once, whoever is told; its words are made per
person by the caller, under that person's language (`core.locale.language_of`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accounts.roles import SYSTEM, Role
from core.locale import office_moment
from core.templatetags.sippt import rupiah
from notifications.subjects import order_of
from units.current import default_unit_id
from units.letterhead import unit_of
from workflow.engine import transition_name
from workflow.sla import due_at
from workflow.table import rows_waiting_in


@dataclass
class Message:
    headline: str  # what happened
    todo: str  # what to do next
    link: str
    link_label: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    steps_title: str = ""
    steps: list[str] = field(default_factory=list)
    deadline: str = ""  # by when, where a deadline exists


def site_link(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def unit_name(unit=None) -> str:
    """The name a mail is signed with: its unit's (a unit or its id), the default unit's where none; read
    from the units' table in the shared cache (no query)."""
    from units.current import default_unit_id, unit_facts

    unit_id = getattr(unit, "pk", unit) or default_unit_id()
    facts = unit_facts().get(unit_id)
    return facts[1] if facts else settings.BALAI_NAME


def render_message(name, subject: str, message: Message, *, prefs: bool = True, unit=None) -> tuple[str, str]:
    """The mail's plain text and its HTML alternative, in the active language, signed with the name of
    `unit` (a unit or its id; the default unit where none)."""
    context = {"name": name, "subject": subject, "m": message, "balai": unit_name(unit),
               "language": get_language(),
               "prefs": site_link(reverse("notifications:preferences")) if prefs else ""}
    return (render_to_string("notifications/mail/message.txt", context),
            render_to_string("notifications/mail/message.html", context))


def how_to_pay() -> list[str]:
    return [_("Bayar di teller bank/pos persepsi, ATM, internet banking, mobile banking, EDC atau dompet "
              "elektronik melalui menu Penerimaan Negara (MPN G3)."),
            _("Masukkan kode billing di atas; periksa nama wajib bayar dan jumlah sebelum membayar."),
            _("Simpan Bukti Penerimaan Negara (BPN) yang memuat NTPN. Bila pembayaran tidak otomatis tercatat, "
              "unggah BPN di halaman pesanan."),
            _("Kode billing tidak berlaku setelah batas waktu; mintalah e-billing baru kepada bendahara.")]


def norm_text(row) -> str:
    """The SOP's time norm of a step, in office time."""
    if row.norm_working_days is not None:
        return ngettext("%(n)d hari kerja", "%(n)d hari kerja", row.norm_working_days) % {"n": row.norm_working_days}
    if row.norm_minutes is not None:
        hours, minutes = divmod(row.norm_minutes, 60)
        parts = [ngettext("%(n)d jam", "%(n)d jam", hours) % {"n": hours}] if hours else []
        if minutes or not parts:
            parts.append(ngettext("%(n)d menit", "%(n)d menit", minutes) % {"n": minutes})
        return _("%(d)s jam kerja") % {"d": " ".join(parts)}
    return ""


CALENDAR_KEY = "notifications:calendar-exceptions"
CALENDAR_TTL = 300  # seconds; the key is also dropped whenever the admin changes a day


def mail_calendar(unit_id: int | None = None):
    """The office calendar of the unit `unit_id` (None: the default unit) for the deadlines mails state.
    Its exceptions (the admin's days off and working days, for every unit or one) are read from the
    cache (shared by every node when Redis is configured), so telling people costs no query per
    transition."""
    from workflow.models import CalendarException
    from workflow.worktime import office_calendar

    exceptions = cache.get(CALENDAR_KEY)
    if exceptions is None:
        exceptions = list(CalendarException.objects.values_list("date", "is_working_day", "unit_id"))
        cache.set(CALENDAR_KEY, exceptions, CALENDAR_TTL)
    return office_calendar(unit_id, exceptions)


def forget_calendar(**kwargs) -> None:
    cache.delete(CALENDAR_KEY)


def _instrument_label(inst) -> str:
    """Without reading the instrument's type: sample number (or line), brand and serial number."""
    first = inst.sample_id or f"#{inst.position}"
    return f"{first} {inst.brand} SN {inst.serial_number}"


class TransitionMail:
    """The notice and mail of one transition, for each person told."""

    def __init__(self, row, obj, entry):
        self.row, self.obj, self.entry = row, obj, entry
        self.data = entry.data or {}
        self.note = (entry.note or "").strip()
        self.order = order_of(row.subject, obj)  # through the subject's registered path (None: an account)
        # The unit the transition is of: its order's (the default unit for an order without one).
        self.unit_id = (self.order.unit_id or default_unit_id()) if self.order is not None else None
        if self.order is not None:
            self.url = reverse("orders:detail", args=[self.order.pk])
        elif row.target != "ACTIVE":
            self.url = reverse("accounts:review", args=[obj.pk])
        else:
            self.url = reverse("home")

    # --- read once per transition, only by the mails that need it ---
    @cached_property
    def unit(self):
        """The order's unit, whose name and address the customer is sent to."""
        return unit_of(self.order)

    @cached_property
    def billing(self):
        from billing.models import Billing

        return Billing.objects.filter(order=self.order).order_by("-created_at", "-pk").first()

    @cached_property
    def corrections(self) -> list[tuple[str, dict]]:
        from orders.models import Instrument

        changed = [c for c in self.data.get("corrections") or [] if isinstance(c, dict)]
        if not changed:
            return []
        found = {i.pk: i for i in Instrument.objects.filter(pk__in=[c.get("instrument") for c in changed])}
        return [(_instrument_label(found[c["instrument"]]) if c.get("instrument") in found else "", c)
                for c in changed]

    @cached_property
    def reports(self):
        from certificates.models import Report, ReportStatus

        reports = Report.objects.filter(order=self.order).select_related("instrument")
        if self.data.get("reports"):  # the reports forwarded, as the step recorded them
            return list(reports.filter(number__in=self.data["reports"]))
        return list(reports.exclude(status__in=[ReportStatus.SUPERSEDED, ReportStatus.REVOKED]))

    # --- words, in the active language ---
    def order_label(self) -> str:
        return self.order.number or _("draf #%(pk)s") % {"pk": self.order.pk}

    def notice(self, person=None, kind: str = "") -> str:
        if self.order is not None:
            return _("%(order)s: %(step)s") % {"order": self.order_label(), "step": transition_name(self.row)}
        return _("Akun %(name)s: %(step)s") % {"name": self.obj, "step": transition_name(self.row)}

    def _who(self) -> str:
        if self.entry.role == SYSTEM or self.entry.actor_id is None:
            return _("Sistem")
        try:
            role = str(Role(self.entry.role).label)
        except ValueError:
            role = self.entry.role
        return f"{self.entry.actor} ({role})"

    def _what(self) -> str:
        if self.row.subject == "instrument":
            return _("alat %(inst)s pada order %(order)s") % {"inst": _instrument_label(self.obj),
                                                               "order": self.order_label()}
        if self.order is not None:
            return _("order %(order)s") % {"order": self.order_label()}
        return _("akun %(name)s") % {"name": self.obj}

    def _note_fact(self) -> list[tuple[str, str]]:
        if not self.note:
            return []
        return [(_("Alasan") if self.row.is_branch else _("Catatan"), self.note)]

    def _waiting(self, for_customer: bool):
        return [r for r in rows_waiting_in(self.row.subject, self.row.target)
                if r.in_inbox and (r.actor == Role.PELANGGAN) == for_customer]

    def _order_link(self) -> tuple[str, str]:
        return site_link(self.url), _("Buka pesanan") if self.order is not None else _("Buka SIPPT Kalibrasi")

    def message(self, person, kind: str) -> Message:
        customer = self.order is not None and person.company_id == self.order.company_id
        build = CUSTOMER_MESSAGES.get(self.row.code) if customer else None
        return build(self) if build is not None else self._standard(customer)

    def _standard(self, customer: bool) -> Message:
        """Any step: who did what; the step now waiting for the person and its time norm, if any."""
        link, label = self._order_link()
        waiting = self._waiting(customer)
        deadline = ""
        if waiting:
            names = " / ".join(f"“{transition_name(r)}”" for r in waiting)
            todo = _("Langkah berikutnya menunggu Anda: %(steps)s. Buka kotak masuk Anda di SIPPT Kalibrasi.") % {
                "steps": names}
            norm = norm_text(waiting[0])
            if norm and not customer:
                calendar = mail_calendar(self.order.unit_id if self.order is not None else None)  # its unit's clock
                due = due_at(calendar, waiting[0], self.entry.at)
                deadline = _("%(moment)s (norma waktu SOP: %(norm)s)") % {
                    "moment": office_moment(due, str(calendar.tz)), "norm": norm}
        else:
            todo = _("Tidak ada yang perlu Anda lakukan sekarang; informasi ini untuk Anda ketahui.")
        facts = self._note_fact()
        return Message(
            headline=_("%(who)s telah melakukan langkah “%(step)s” untuk %(what)s.") % {
                "who": self._who(), "step": transition_name(self.row), "what": self._what()},
            todo=todo, deadline=deadline, facts=facts, link=link, link_label=label)

    # --- the customer's milestones ---
    def _validated(self) -> Message:
        link, label = self._order_link()
        return Message(
            headline=_("Permohonan Anda telah diperiksa dan diterima dengan nomor order %(order)s.") % {
                "order": self.order_label()},
            facts=[(_("Nomor order"), self.order_label())],
            todo=_("Tidak ada yang perlu Anda lakukan sekarang. Ketua Tim PJI akan memeriksa tarifnya; Anda "
                   "akan menerima email untuk menyetujui harga."), link=link, link_label=label)

    def _priced(self) -> Message:
        link, label = self._order_link()
        total = self.data.get("total")
        facts = [(_("Total harga"), rupiah(total if total is not None else self.order.total_amount))]
        if self.data.get("quotation"):
            facts.append((_("Nomor surat penawaran"), self.data["quotation"]))
        for instrument, change in self.corrections:
            facts.append((_("Koreksi tarif %(inst)s") % {"inst": instrument} if instrument else _("Koreksi tarif"),
                          _("%(old)s menjadi %(new)s. Alasan: %(reason)s") % {
                              "old": rupiah(change.get("from")), "new": rupiah(change.get("to")),
                              "reason": change.get("reason", "")}))
        return Message(
            headline=_("Tarif order %(order)s telah disetujui Ketua Tim PJI; harga menunggu persetujuan Anda.") % {
                "order": self.order_label()},
            facts=facts + self._note_fact(),
            todo=_("Buka pesanan dan periksa harganya. Bila sesuai, setujui harga untuk meminta e-billing; "
                   "bila tidak, tolak harga dengan menuliskan alasannya."), link=link, link_label=label)

    def _billing_issued(self) -> Message:
        link, label = self._order_link()
        billing = self.billing
        if self.row.code == "order.reissue_billing":
            headline = _("E-billing baru untuk order %(order)s telah terbit, menggantikan e-billing yang "
                         "kedaluwarsa.") % {"order": self.order_label()}
        else:
            headline = _("E-billing PNBP untuk order %(order)s telah terbit.") % {"order": self.order_label()}
        facts = [(_("Kode billing"), billing.code), (_("Jumlah setoran"), rupiah(billing.amount)),
                 (_("Bayar sebelum"), office_moment(billing.expires_at)),
                 (_("Nama wajib bayar"), billing.payer_name or str(self.order.company))]
        return Message(
            headline=headline, facts=facts, steps_title=_("Cara membayar"), steps=how_to_pay(),
            todo=_("Bayar tepat sejumlah tagihan dengan kode billing di atas sebelum batas waktu. Bila pembayaran "
                   "tidak tercatat otomatis, unggah Bukti Penerimaan Negara (BPN) di halaman pesanan."),
            deadline=office_moment(billing.expires_at), link=link, link_label=label)

    def _payment_rejected(self) -> Message:
        from billing.models import BillingStatus

        link, label = self._order_link()
        billing = self.billing
        facts = [(_("Alasan penolakan"), self.note)] if self.note else []
        open_billing = billing is not None and billing.status == BillingStatus.UNPAID and not billing.is_expired
        if open_billing:
            facts += [(_("Kode billing"), billing.code), (_("Jumlah setoran"), rupiah(billing.amount))]
            todo = _("Periksa alasan di atas, lalu unggah bukti bayar yang benar (Bukti Penerimaan Negara yang "
                     "memuat NTPN) di halaman pesanan. Bila belum membayar, bayar dahulu dengan kode billing di atas.")
            deadline = office_moment(billing.expires_at)
        else:
            todo = _("E-billing pesanan ini sudah kedaluwarsa. Jangan membayar dengan kode lama; bendahara akan "
                     "menerbitkan e-billing baru dan Anda akan menerima emailnya.")
            deadline = ""
        return Message(
            headline=_("Bukti bayar order %(order)s ditolak oleh Bendahara.") % {"order": self.order_label()},
            facts=facts, todo=todo, deadline=deadline, link=link, link_label=label)

    def _billing_expired(self) -> Message:
        link, label = self._order_link()
        code = self.data.get("billing") or (self.billing.code if self.billing else "")
        return Message(
            headline=_("E-billing order %(order)s kedaluwarsa sebelum dibayar.") % {"order": self.order_label()},
            facts=[(_("Kode billing"), code)] if code else [],
            todo=_("Jangan membayar dengan kode billing ini. Bendahara akan menerbitkan e-billing baru dan Anda "
                   "akan menerima emailnya."), link=link, link_label=label)

    def _paid(self) -> Message:
        link, label = self._order_link()
        facts = []
        if self.data.get("billing"):
            facts.append((_("Kode billing"), self.data["billing"]))
        if self.data.get("amount") is not None:
            facts.append((_("Jumlah"), rupiah(self.data["amount"])))
        return Message(
            headline=_("Pembayaran order %(order)s telah diterima (lunas).") % {"order": self.order_label()},
            facts=facts,
            todo=_("Kirim atau antar alat Anda ke %(balai)s, %(address)s, dengan menyebutkan nomor order "
                   "%(order)s. Customer Service akan menerima alat dan memberi nomor sampel.") % {
                "balai": self.unit.name, "address": self.unit.address, "order": self.order_label()},
            link=link, link_label=label)

    def _received(self) -> Message:
        link, label = self._order_link()
        return Message(
            headline=_("Alat order %(order)s telah diterima dan diteruskan ke laboratorium.") % {
                "order": self.order_label()},
            todo=_("Tidak ada yang perlu Anda lakukan sekarang. Anda akan menerima email ketika E-LHU siap."),
            link=link, link_label=label)

    def _reports_ready(self) -> Message:
        facts = [(_("Nomor E-LHU"), f"{r.number} ({_instrument_label(r.instrument)})") for r in self.reports]
        return Message(
            headline=_("E-LHU order %(order)s telah ditandatangani dan siap untuk Anda.") % {
                "order": self.order_label()},
            facts=facts,
            todo=_("Isi dahulu survei kepuasan pelanggan (beberapa menit). Setelah survei terisi, E-LHU dapat "
                   "diunduh dari halaman pesanan."),
            link=site_link(reverse("survey:fill", args=[self.order.pk])), link_label=_("Isi survei"))

    def _cancelled(self) -> Message:
        link, label = self._order_link()
        return Message(
            headline=_("Order %(order)s dibatalkan oleh %(who)s.") % {"order": self.order_label(), "who": self._who()},
            facts=self._note_fact(),
            todo=_("Tidak ada yang perlu Anda lakukan. Bila Anda masih memerlukan kalibrasi, ajukan permohonan "
                   "baru."), link=link, link_label=label)


CUSTOMER_MESSAGES = {
    "order.validate": TransitionMail._validated,
    "order.approve_tariff": TransitionMail._priced,
    "order.issue_billing": TransitionMail._billing_issued,
    "order.reissue_billing": TransitionMail._billing_issued,
    "order.reject_payment": TransitionMail._payment_rejected,
    "order.expire_billing": TransitionMail._billing_expired,
    "order.accept_payment": TransitionMail._paid,
    "order.paid_by_state_billing": TransitionMail._paid,
    "order.receive": TransitionMail._received,
    "order.forward": TransitionMail._reports_ready,
    "order.cancel": TransitionMail._cancelled,
}
