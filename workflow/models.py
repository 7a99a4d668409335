from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


# Audit entries that are not transitions of the SOP table: (Indonesian, English).
ACTION_NAMES = {
    "account.visit": ("Membuka situs SIPPT", "Opened the SIPPT site"),
    "account.email_verified": ("Email terverifikasi", "Email verified"),
    "document.download": ("Mengunduh dokumen", "Downloaded a document"),
    "handover.recorded": ("Berita acara serah terima alat dibuat", "Instrument hand-over record made"),
    "signature.wrong_passphrase": ("Passphrase TTE salah; tidak ada yang ditandatangani",
                                   "Wrong signing passphrase; nothing signed"),
    "report.amendment_requested": ("Koreksi E-LHU diajukan", "Report amendment requested"),
    "report.revocation_requested": ("Pencabutan E-LHU diajukan", "Report revocation requested"),
    "report.amendment_approved": ("Koreksi E-LHU disetujui; nomor pengganti dibuat",
                                  "Report amendment approved; replacement numbered"),
    "report.amendment_signed": ("E-LHU pengganti ditandatangani; E-LHU lama digantikan",
                                "Replacement report signed; old report superseded"),
    "report.revoked": ("E-LHU dicabut", "Report revoked"),
    "report.change_rejected": ("Permintaan koreksi/pencabutan E-LHU ditolak",
                               "Report amendment/revocation request rejected"),
    "account.member_invited": ("Mengundang anggota perusahaan", "Invited a company member"),
    "account.member_joined": ("Bergabung sebagai anggota perusahaan", "Joined as a company member"),
    "account.invitation_revoked": ("Undangan anggota dibatalkan", "Member invitation revoked"),
    "account.member_removed": ("Anggota perusahaan dikeluarkan", "Company member removed"),
    "account.owner_added": ("Anggota dijadikan pengelola akun perusahaan", "Member made a company account owner"),
    "account.data_exported": ("Mengunduh data pribadi", "Downloaded personal data"),
    "account.data_request": ("Permintaan koreksi/penghapusan data pribadi", "Personal data correction/deletion request"),
    "account.data_request_decided": ("Permintaan data pribadi diputuskan", "Personal data request decided"),
    "complaint.lodge": ("Pengaduan diajukan", "Complaint lodged"),
    "complaint.acknowledge": ("Pengaduan ditanggapi", "Complaint acknowledged"),
    "complaint.assign": ("Pengaduan ditugaskan kepada petugas", "Complaint assigned to staff"),
    "complaint.answer": ("Pengaduan dijawab", "Complaint answered"),
    "complaint.close": ("Pengaduan ditutup", "Complaint closed"),
    "complaint.reopen": ("Pengaduan dibuka kembali", "Complaint reopened"),
    "results.attach": ("Berkas data mentah dilampirkan", "Raw data file attached"),
    "results.withdraw_attachment": ("Lampiran data mentah ditarik", "Raw data file withdrawn"),
    "refund.done": ("Pengembalian dana dibayarkan", "Refund paid"),
    "payment_notification.handled": ("Notifikasi pembayaran ditangani", "Payment notification handled"),
    "catalog.import_tariffs": ("Tarif diimpor ke katalog", "Tariffs imported into the catalogue"),
    "signing.delegation_saved": ("Pelimpahan wewenang tanda tangan disimpan", "Signing delegation saved"),
    "signing.delegation_deleted": ("Pelimpahan wewenang tanda tangan dihapus", "Signing delegation deleted"),
    "account.roles_changed": ("Peran akun diubah", "Account roles changed"),
    "account.second_factor_reset": ("Verifikasi dua langkah akun diatur ulang", "Two-step verification reset"),
}


class AuditEntry(models.Model):
    """One transition, or another action worth keeping, appended and never changed."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="audit_actions")
    role = models.CharField(max_length=20)
    code = models.CharField(max_length=60, db_index=True)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    subject = models.CharField(max_length=20)
    account = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="audit_about")
    order = models.ForeignKey("orders.Order", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="audit_entries")
    instrument = models.ForeignKey("orders.Instrument", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="audit_entries")
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["order", "at"]), models.Index(fields=["step", "at"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit entries are never deleted")

    @property
    def transition(self):
        from workflow.table import rows_for

        rows = rows_for(self.code)
        return rows[0] if rows else None

    @property
    def label(self) -> str:
        """What happened, in the active language."""
        from django.utils.translation import get_language

        english = (get_language() or "id").startswith("en")
        row = self.transition
        if row is not None:
            return row.name_en if english else row.name_id
        names = ACTION_NAMES.get(self.code)
        return (names[1] if english else names[0]) if names else self.code


class CalendarException(models.Model):
    """A day the national calendar gets wrong for this office: extra leave, or a working Saturday."""

    date = models.DateField(unique=True)
    is_working_day = models.BooleanField(default=False, help_text=_("Centang jika hari ini hari kerja."))
    description = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("pengecualian kalender")
        verbose_name_plural = _("pengecualian kalender")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.description}"


class CalendarVersion(models.Model):
    """One row whose number goes up whenever a calendar exception is added, changed or deleted, so
    that every process knows when to rebuild the office calendar it keeps."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("versi kalender")
        verbose_name_plural = _("versi kalender")

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("version", flat=True).first() or 0

    @classmethod
    def bump(cls, **kwargs) -> None:
        """Signal receiver: the exceptions changed (in this transaction)."""
        if not cls.objects.filter(pk=1).update(version=models.F("version") + 1):
            cls.objects.get_or_create(pk=1, defaults={"version": 1})
