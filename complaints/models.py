from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.states import ComplaintState


class Complaint(models.Model):
    """A customer's complaint about one of their orders (ISO/IEC 17025 7.9). Its state changes only through
    the SOP engine, in `complaints.services`; its history is its audit entries (subject "complaint")."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="complaints",
                              verbose_name=_("pesanan"))
    company = models.ForeignKey("accounts.Company", on_delete=models.PROTECT, related_name="complaints",
                                verbose_name=_("perusahaan"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaints_raised",
                                  verbose_name=_("diajukan oleh"))
    subject = models.CharField(_("perihal"), max_length=200)
    description = models.TextField(_("uraian pengaduan"))
    state = models.CharField(_("status"), max_length=20, choices=ComplaintState.choices,
                             default=ComplaintState.LODGED, db_index=True)
    state_entered_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True)  # the waiting step's deadline, written by the engine
    created_at = models.DateTimeField(_("diajukan pada"), default=timezone.now, db_index=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="complaints_assigned", verbose_name=_("petugas"))
    answer = models.TextField(_("jawaban"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        indexes = [models.Index(fields=["company", "-created_at"]), models.Index(fields=["assignee", "state"])]

    def __str__(self):
        return _("Pengaduan #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("complaints:detail", args=[self.pk])
