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

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("e-billing")
        verbose_name_plural = _("e-billing")

    def __str__(self):
        return self.code

    @property
    def is_expired(self) -> bool:
        return self.status == BillingStatus.UNPAID and timezone.now() >= self.expires_at


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

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="refund_amount_nonnegative")]
