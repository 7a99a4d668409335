from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string


def default_unit_code() -> str:
    """The code of the unit whose series a number continues when the caller names none: the installation's
    default unit, through settings.DEFAULT_UNIT_CODE (core imports no domain app)."""
    return import_string(settings.DEFAULT_UNIT_CODE)()


class Counter(models.Model):
    """The last number issued in a unit's series and period; rows are locked while a number is taken."""

    # The unit's code (units.Unit.code, fixed once made): each unit keeps its own series.
    unit_code = models.CharField(max_length=20, default=default_unit_code)
    series = models.CharField(max_length=30)
    period = models.CharField(max_length=10)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit_code", "series", "period"],
                                               name="counter_unit_series_period")]

    def __str__(self):
        return f"{self.series}/{self.period}: {self.value}"
