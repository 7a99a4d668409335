"""States of the three subjects the SOP moves: the customer's account, the order, each instrument."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountState(models.TextChoices):
    ON_WEBSITE = "ON_WEBSITE", _("Membuka situs")
    AWAITING_ACTIVATION = "AWAITING_ACTIVATION", _("Menunggu aktivasi")
    ACTIVE = "ACTIVE", _("Aktif")
    REFUSED = "REFUSED", _("Ditolak")
    DEACTIVATED = "DEACTIVATED", _("Nonaktif")


class OrderState(models.TextChoices):
    DRAFT = "DRAFT", _("Draf")
    SUBMITTED = "SUBMITTED", _("Menunggu validasi CS")
    VALIDATED = "VALIDATED", _("Menunggu persetujuan tarif")
    PRICED = "PRICED", _("Menunggu persetujuan pelanggan")
    BILLING_REQUESTED = "BILLING_REQUESTED", _("Menunggu e-billing")
    AWAITING_PAYMENT = "AWAITING_PAYMENT", _("Menunggu pembayaran")
    BILLING_EXPIRED = "BILLING_EXPIRED", _("E-billing kedaluwarsa")
    PAYMENT_SUBMITTED = "PAYMENT_SUBMITTED", _("Bukti bayar diperiksa")
    PAID = "PAID", _("Lunas, menunggu penerimaan alat")
    IN_LAB = "IN_LAB", _("Dalam proses laboratorium")
    RESULTS_READY = "RESULTS_READY", _("Menunggu nomor LHU")
    NUMBERED = "NUMBERED", _("Menunggu permintaan TTE")
    AWAITING_SIGNATURE = "AWAITING_SIGNATURE", _("Menunggu tanda tangan Kepala Balai")
    SIGNED = "SIGNED", _("Ditandatangani, diperiksa CS")
    FORWARDED = "FORWARDED", _("LHU terkirim, menunggu survei")
    SURVEYED = "SURVEYED", _("Survei terisi, LHU dapat diunduh")
    COMPLETED = "COMPLETED", _("Selesai")
    CANCELLED = "CANCELLED", _("Dibatalkan")
    RETURNED = "RETURNED", _("Dikembalikan (semua alat ditolak)")


class InstrumentState(models.TextChoices):
    AWAITING_RECEPTION = "AWAITING_RECEPTION", _("Menunggu penerimaan")
    RECEIVED = "RECEIVED", _("Diterima, menunggu pemeriksaan penyelia")
    ASSIGNED = "ASSIGNED", _("Analis dipilih, menunggu validasi MT")
    IN_CALIBRATION = "IN_CALIBRATION", _("Sedang dikalibrasi")
    RESULTS_ENTERED = "RESULTS_ENTERED", _("Hasil dimasukkan, menunggu verifikasi")
    VERIFIED = "VERIFIED", _("Diverifikasi, menunggu validasi MT")
    VALIDATED = "VALIDATED", _("Hasil divalidasi")
    REJECTED = "REJECTED", _("Ditolak, dikembalikan ke pelanggan")


STATES_BY_SUBJECT = {
    "account": AccountState,
    "order": OrderState,
    "instrument": InstrumentState,
}

# Order states in which nothing more happens.
ORDER_FINAL_STATES = {OrderState.COMPLETED, OrderState.CANCELLED, OrderState.RETURNED}
