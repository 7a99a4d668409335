from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QuotationIssued(Exception):
    """An issued quotation is a document: it is never changed, a new price makes a new quotation."""


class Quotation(models.Model):
    """The numbered quotation (surat penawaran harga) of the price Ketua Tim PJI approved at step 6, for
    the customer's procurement. Everything it shows is frozen here when it is issued, so the PDF reads the
    same on every download; a later approval of the same order issues a new quotation."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="quotations")
    number = models.CharField(_("nomor"), max_length=60, unique=True)
    issued_at = models.DateTimeField(_("diterbitkan"), default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("disetujui oleh"))
    order_number = models.CharField(_("nomor order"), max_length=40)
    company_name = models.CharField(_("perusahaan"), max_length=200)
    company_address = models.TextField(_("alamat"), blank=True)
    company_npwp = models.CharField(_("NPWP"), max_length=30, blank=True)
    # One dict per instrument line: what it is, its price and the legal basis of that price.
    lines = models.JSONField(_("baris"))
    total = models.PositiveBigIntegerField(_("total"))

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("surat penawaran")
        verbose_name_plural = _("surat penawaran")

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise QuotationIssued(f"quotation {self.number} is issued and cannot change")
        super().save(*args, **kwargs)
