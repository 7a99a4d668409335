from django.db import models


class Counter(models.Model):
    """The last number issued in a series and period; rows are locked while a number is taken."""

    series = models.CharField(max_length=30)
    period = models.CharField(max_length=10)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "period"], name="counter_series_period")]

    def __str__(self):
        return f"{self.series}/{self.period}: {self.value}"
