from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One transition, or another action worth keeping, appended and never changed."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="audit_actions")
    role = models.CharField(max_length=20)
    code = models.CharField(max_length=60, db_index=True)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    subject = models.CharField(max_length=20)  # a registered subject's name (workflow.registry)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)  # the item of `subject` it is about
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
    # Office minutes the item spent in `from_state` (the step's duration on the office calendar),
    # written by the engine when the item leaves it; the dashboard's SLA figures read it.
    office_minutes = models.FloatField(null=True, blank=True)
    # The unit of the order it is about (None for an account's): written with the entry, so a unit's
    # reports filter the audit trail by its own column instead of joining every entry to its order.
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             db_index=False)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["order", "at"]), models.Index(fields=["step", "at"]),
                   models.Index(fields=["subject", "object_id", "at"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("audit entries are never changed")
        if self.unit_id is None and self.order_id is not None:  # the engine gives it; any other writer too
            if AuditEntry.order.is_cached(self):
                self.unit_id = self.order.unit_id
            else:
                from orders.models import Order

                self.unit_id = Order.objects.filter(pk=self.order_id).values_list("unit_id", flat=True).first()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit entries are never deleted")

    @property
    def transition(self):
        from workflow.registry import rows_for

        rows = rows_for(self.code)
        return rows[0] if rows else None

    @property
    def label(self) -> str:
        """What happened, in the active language (the row's name, or the label its app registered)."""
        from django.utils.translation import get_language

        from workflow.registry import label_of

        return label_of(self.code, (get_language() or "id").startswith("en"))


class CalendarException(models.Model):
    """A day the national calendar gets wrong for this office: extra leave, or a working Saturday."""

    date = models.DateField()
    is_working_day = models.BooleanField(default=False, help_text=_("Centang jika hari ini hari kerja."))
    description = models.CharField(max_length=200)
    # The one unit it applies to (a local holiday); blank: every unit (collective leave). The office
    # calendar reads every exception until clocks run per unit (issue #18).
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit kerja"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="calendar_exceptions",
                             help_text=_("Kosongkan jika berlaku untuk semua unit."))

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date"], condition=models.Q(unit__isnull=True),
                                    name="calendarexception_date_all_units"),
            models.UniqueConstraint(fields=["date", "unit"], name="calendarexception_date_unit"),
        ]
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
