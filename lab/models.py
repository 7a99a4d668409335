from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Reception(models.Model):
    """The receipt (tanda terima) made at step 11: which instruments came in, in what condition."""

    order = models.OneToOneField("orders.Order", on_delete=models.PROTECT, related_name="reception")
    number = models.CharField(_("nomor tanda terima"), max_length=40, unique=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)
    delivered_by = models.CharField(_("diserahkan oleh"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("tanda terima")
        verbose_name_plural = _("tanda terima")


class Parameter(models.Model):
    """A parameter of an instrument to calibrate, with the analyst the supervisor chose for it."""

    instrument = models.ForeignKey("orders.Instrument", on_delete=models.CASCADE, related_name="parameters")
    name = models.CharField(_("parameter"), max_length=150)
    analyst = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="assigned_parameters")

    class Meta:
        ordering = ["instrument", "id"]
        verbose_name = _("parameter")
        verbose_name_plural = _("parameter")

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the page's language (the catalogue's English name on English pages)."""
        return self.instrument.instrument_type.parameter_label(self.name)
