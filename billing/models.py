from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BillingStatus(models.TextChoices):
    UNPAID = "UNPAID", _("Belum dibayar")
    PAID = "PAID", _("Lunas")
    EXPIRED = "EXPIRED", _("Kedaluwarsa")
    CANCELLED = "CANCELLED", _("Dibatalkan")


class Billing(models.Model):
    """An e-billing code for an order. Never deleted; a re-issue cancels the old one and links to it."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="billings")
    code = models.CharField(_("kode billing"), max_length=15, unique=True)
    amount = models.PositiveBigIntegerField(_("jumlah"))
    status = models.CharField(max_length=10, choices=BillingStatus.choices, default=BillingStatus.UNPAID)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("kedaluwarsa"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by")
    # What the billing says, copied when it is made (a document is never edited once issued).
    gateway = models.CharField(_("dibuat melalui"), max_length=10, default="builtin")
    simponi_id = models.CharField(_("ID transaksi SIMPONI"), max_length=40, blank=True)
    payer_name = models.CharField(_("nama wajib bayar"), max_length=200, blank=True)
    payer_npwp = models.CharField(_("NPWP"), max_length=16, blank=True)
    payer_nik = models.CharField(_("NIK"), max_length=16, blank=True)
    satker_code = models.CharField(_("kode satker"), max_length=6, blank=True)
    account_code = models.CharField(_("kode akun PNBP"), max_length=6, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("e-billing")
        verbose_name_plural = _("e-billing")
        # the treasurer's desk: the newest 50 of every billing without sorting them all
        indexes = [models.Index(fields=["-created_at"], name="billing_newest_first")]

    def __str__(self):
        return self.code

    @property
    def is_expired(self) -> bool:
        return self.status == BillingStatus.UNPAID and timezone.now() >= self.expires_at


class BillingLine(models.Model):
    """One detail line of a billing: one tariff item of the approved order."""

    billing = models.ForeignKey(Billing, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField(default=1)
    tariff_code = models.CharField(_("kode tarif"), max_length=30)
    description = models.CharField(_("uraian"), max_length=300)
    volume = models.PositiveIntegerField(_("volume"))
    unit = models.CharField(_("satuan"), max_length=30)
    amount = models.PositiveBigIntegerField(_("jumlah"))

    class Meta:
        ordering = ["billing", "position"]
        verbose_name = _("rincian e-billing")
        verbose_name_plural = _("rincian e-billing")


class ProofStatus(models.TextChoices):
    PENDING = "PENDING", _("Menunggu pemeriksaan")
    ACCEPTED = "ACCEPTED", _("Diterima")
    REJECTED = "REJECTED", _("Ditolak")


def proof_path(instance, filename):
    return f"proofs/{timezone.now():%Y/%m}/{instance.stored_name}"


class PaymentProof(models.Model):
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="payment_proofs")
    billing = models.ForeignKey(Billing, on_delete=models.PROTECT, related_name="proofs")
    file = models.FileField(upload_to=proof_path, max_length=200)
    stored_name = models.CharField(max_length=80)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=ProofStatus.choices, default=ProofStatus.PENDING)
    rejection_reason = models.TextField(blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("bukti bayar")
        verbose_name_plural = _("bukti bayar")

    def __str__(self):
        return _("bukti bayar %(name)s") % {"name": self.original_name}


class PaymentMethod(models.TextChoices):
    PROOF = "PROOF", _("Bukti bayar diperiksa bendahara")
    STATE_BILLING = "STATE_BILLING", _("Konfirmasi SIMPONI (NTPN)")


class Payment(models.Model):
    """The one payment of a billing (a unique constraint keeps it one)."""

    billing = models.OneToOneField(Billing, on_delete=models.PROTECT, related_name="payment")
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(max_length=15, choices=PaymentMethod.choices)
    amount = models.PositiveBigIntegerField()
    ntpn = models.CharField(_("NTPN"), max_length=32, null=True, blank=True, unique=True)
    ntb = models.CharField(_("NTB"), max_length=40, blank=True)
    bank = models.CharField(_("bank/pos/lembaga persepsi"), max_length=40, blank=True)
    channel = models.CharField(_("kanal pembayaran"), max_length=40, blank=True)
    paid_at = models.DateTimeField(default=timezone.now)
    proof = models.OneToOneField(PaymentProof, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["-paid_at"]
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")


class RefundStatus(models.TextChoices):
    REQUESTED = "REQUESTED", _("Diajukan")
    DONE = "DONE", _("Selesai")


class RefundRequest(models.Model):
    """Money to give back for instruments rejected after payment; the state refund runs outside."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="refund_requests")
    instrument = models.OneToOneField("orders.Instrument", on_delete=models.PROTECT, related_name="refund_request")
    amount = models.PositiveBigIntegerField()
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=RefundStatus.choices, default=RefundStatus.REQUESTED)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    done_note = models.TextField(_("catatan penyelesaian"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="refund_amount_nonnegative")]

    def __str__(self):
        return _("pengembalian dana #%(pk)s") % {"pk": self.pk}


class NotificationSource(models.TextChoices):
    PUSH = "PUSH", _("Kiriman SIMPONI")
    POLL = "POLL", _("Cek status")


class NotificationOutcome(models.TextChoices):
    RECEIVED = "RECEIVED", _("Diterima, sedang diproses")
    ACCEPTED = "ACCEPTED", _("Dicocokkan: e-billing lunas")
    DUPLICATE = "DUPLICATE", _("Duplikat (NTPN sama sudah tercatat)")
    BAD_CREDENTIALS = "BAD_CREDENTIALS", _("Kredensial salah")
    FORBIDDEN_IP = "FORBIDDEN_IP", _("Alamat IP tidak diizinkan")
    MALFORMED = "MALFORMED", _("Isi tidak dapat dibaca")
    UNKNOWN_CODE = "UNKNOWN_CODE", _("Kode billing tidak dikenal")
    EXPIRED = "EXPIRED", _("E-billing sudah kedaluwarsa")
    CANCELLED = "CANCELLED", _("E-billing sudah dibatalkan")
    ALREADY_PAID = "ALREADY_PAID", _("E-billing sudah lunas dengan pembayaran lain")
    NTPN_REUSED = "NTPN_REUSED", _("NTPN sudah dipakai e-billing lain")
    AMOUNT_MISMATCH = "AMOUNT_MISMATCH", _("Jumlah bayar tidak sama dengan tagihan")
    ORDER_NOT_PAYABLE = "ORDER_NOT_PAYABLE", _("Pesanan tidak menunggu pembayaran")
    ERROR = "ERROR", _("Galat saat diproses")


# Outcomes the treasurer need not look at: the payment was recorded, or it already was with this NTPN.
SETTLED_OUTCOMES = {NotificationOutcome.ACCEPTED, NotificationOutcome.DUPLICATE}


class PaymentNotification(models.Model):
    """Every payment notification received (push) or found (poll), kept as received, matched or not."""

    received_at = models.DateTimeField(_("diterima"), default=timezone.now, db_index=True)
    source = models.CharField(_("sumber"), max_length=5, choices=NotificationSource.choices)
    source_ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    raw_payload = models.TextField(_("isi mentah"))
    billing_code = models.CharField(_("kode billing"), max_length=40, blank=True)
    ntpn = models.CharField(_("NTPN"), max_length=40, blank=True)
    outcome = models.CharField(_("hasil"), max_length=20, choices=NotificationOutcome.choices,
                               default=NotificationOutcome.RECEIVED)
    response_code = models.PositiveSmallIntegerField(_("kode jawaban"), null=True, blank=True)
    detail = models.TextField(_("keterangan"), blank=True)
    billing = models.ForeignKey(Billing, null=True, blank=True, on_delete=models.PROTECT, related_name="notifications")
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="notifications")
    needs_attention = models.BooleanField(_("perlu ditangani"), default=True, db_index=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)
    handling_note = models.TextField(_("catatan penanganan"), blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("notifikasi pembayaran")
        verbose_name_plural = _("notifikasi pembayaran")

    def __str__(self):
        return f"{self.billing_code or '?'} {self.ntpn} {self.outcome}"


class RefusedPushCount(models.Model):
    """Pushes from an address that may not push: only counted, one row per source address and minute
    (no payload, no notification for the treasurer)."""

    source = models.CharField(_("sumber"), max_length=45)  # the address, or "?" when it could not be told
    minute = models.DateTimeField(_("menit"), db_index=True)
    count = models.PositiveIntegerField(_("jumlah"), default=0)

    class Meta:
        ordering = ["-minute", "source"]
        constraints = [models.UniqueConstraint(fields=["source", "minute"], name="refused_push_per_source_minute")]
        verbose_name = _("kiriman dari alamat tak diizinkan")
        verbose_name_plural = _("kiriman dari alamat tak diizinkan")


class PushAlert(models.Model):
    """When an alert about refused pushes was last raised, one row per kind: the lock that keeps it
    to at most one per interval, whatever the number of refused pushes and however concurrent."""

    kind = models.CharField(max_length=30, unique=True)
    raised_at = models.DateTimeField()
