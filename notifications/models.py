from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to one person, shown in the app; its email (if the person wants that kind) is an
    `OutgoingMail` sent by a background task."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("jenis"), max_length=40, blank=True, default="")
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=200, blank=True)
    # The unit whose matter the notice is about (its order's unit); none for what concerns no unit (an
    # account of its own). A member of staff reads only the notices of the units they hold a role in.
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit kerja"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")

    def __str__(self):
        return self.text


class EmailPreference(models.Model):
    """A person's choice for one kind of email; no row means the kind's default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField(_("jenis"), max_length=40)
    enabled = models.BooleanField(_("dikirim"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="emailpreference_unique")]
        verbose_name = _("preferensi email")
        verbose_name_plural = _("preferensi email")


class MailStatus(models.TextChoices):
    QUEUED = "QUEUED", _("Antre")
    SENDING = "SENDING", _("Sedang dikirim")
    SENT = "SENT", _("Terkirim")
    RETRYING = "RETRYING", _("Gagal, akan dicoba lagi")
    FAILED = "FAILED", _("Gagal (percobaan habis)")


class OutgoingMail(models.Model):
    """One email on its way out: stored before it is sent, so a failing mail server loses nothing;
    the admin sees its status, attempts and last error, and can send it again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="outgoing_mails")
    notification = models.ForeignKey(Notification, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="mails")
    kind = models.CharField(_("jenis"), max_length=40, blank=True)
    # The unit whose mail it is (its notice's unit, or the unit of the person written to); none for a
    # mail of the installation's own, which the default unit's admin looks after (notifications.views).
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit kerja"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    to = models.CharField(_("kepada"), max_length=254)
    subject = models.CharField(_("subjek"), max_length=200)
    body = models.TextField(_("isi"))
    html_body = models.TextField(_("isi HTML"), blank=True)  # sent as the text's HTML alternative
    status = models.CharField(_("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED,
                              db_index=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.CharField(_("galat terakhir"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("percobaan terakhir"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = _("email keluar")
        verbose_name_plural = _("email keluar")

    def __str__(self):
        return f"{self.to}: {self.subject}"
