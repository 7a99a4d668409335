"""Kinds of email a person may choose to receive. Pure data: importable without a database.

A notification's kind decides whether its email goes out (see `notifications.preferences`); the
in-app notice is always kept. Kinds not listed here (a new app's) are sent unless switched off.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


class MailKind(models.TextChoices):
    ACTION = "action", _("Langkah yang menunggu tindakan saya")
    ORDER_VALIDATED = "order_validated", _("Order divalidasi dan diberi nomor")
    PRICE_READY = "price_ready", _("Harga siap disetujui")
    BILLING_READY = "billing_ready", _("E-billing siap dibayar")
    PAID = "paid", _("Pembayaran diterima (lunas)")
    INSTRUMENT_RECEIVED = "instrument_received", _("Alat diterima laboratorium")
    REPORT_READY = "report_ready", _("Laporan hasil (E-LHU) siap")
    REPORT_CHANGED = "report_changed", _("E-LHU saya digantikan atau dicabut")
    ORDER_UPDATE = "order_update", _("Perubahan lain pada order saya")
    INSTRUMENT_DUE = "instrument_due", _("Pengingat jadwal kalibrasi ulang alat")
    COMPLAINT = "complaint", _("Pengaduan")
    ACCOUNT = "account", _("Akun dan data pribadi")
    ERASURE = "account_erased", _("Konfirmasi penghapusan akun")  # its address is wiped once sent


# The step of the SOP table (its code) whose completion is a milestone the customer is told about.
CUSTOMER_MILESTONES: dict[str, str] = {
    "order.validate": MailKind.ORDER_VALIDATED,
    "order.approve_tariff": MailKind.PRICE_READY,
    "order.issue_billing": MailKind.BILLING_READY,
    "order.reissue_billing": MailKind.BILLING_READY,
    "order.accept_payment": MailKind.PAID,
    "order.paid_by_state_billing": MailKind.PAID,
    "order.receive": MailKind.INSTRUMENT_RECEIVED,
    "order.forward": MailKind.REPORT_READY,
}

# Emails nobody can switch off: they carry a link or a decision about the account itself.
ALWAYS_SENT = {MailKind.ACCOUNT, MailKind.ERASURE}

# Known kinds that are off until the person switches them on; every other kind is on.
OFF_BY_DEFAULT = {MailKind.ORDER_UPDATE}

CUSTOMER_CHOICES = [k for k in MailKind if k not in ALWAYS_SENT]
STAFF_CHOICES = [MailKind.ACTION, MailKind.COMPLAINT]


def choosable_kinds(user) -> list[MailKind]:
    """The kinds shown on a person's settings page."""
    return CUSTOMER_CHOICES if Role.PELANGGAN in user.role_codes else STAFF_CHOICES


def default_for(kind: str) -> bool:
    return kind not in OFF_BY_DEFAULT
