from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import TariffUnit
from workflow.states import InstrumentState, OrderState


class Order(models.Model):
    number = models.CharField(_("nomor order"), max_length=40, null=True, blank=True, unique=True)
    company = models.ForeignKey("accounts.Company", on_delete=models.PROTECT, related_name="orders")
    # The unit (satker) the order is placed with; orders.services sets it, units.signals fills the default.
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit kerja"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="orders")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders_created")
    state = models.CharField(_("status"), max_length=30, choices=OrderState.choices, default=OrderState.DRAFT,
                             db_index=True)
    state_entered_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True)  # the waiting step's deadline, written by the engine
    created_at = models.DateTimeField(default=timezone.now)
    notes = models.TextField(_("catatan pelanggan"), blank=True)
    # The customer's reason when rejecting the price (step 7 branch) and the cancellation reason.
    price_rejection_reason = models.TextField(_("alasan menolak harga"), blank=True)
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True)
    return_reason = models.TextField(_("alasan dikembalikan ke pelanggan"), blank=True)
    # Chosen by CS at step 18: the head of centre asked to sign.
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="orders_to_sign")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pesanan")
        verbose_name_plural = _("pesanan")
        indexes = [models.Index(fields=["state", "state_entered_at"]), models.Index(fields=["company", "-created_at"]),
                   models.Index(fields=["state", "due_at"]),
                   # staff lists: the newest 50 of all orders (or of a search) without sorting them all
                   models.Index(fields=["-created_at"], name="order_newest_first"),
                   # a unit's order ids from the index alone: every "of this unit" subquery (the treasurer's
                   # desk, inboxes, counts) reads them without visiting the table
                   models.Index(fields=["unit", "id"], name="order_unit_ids")]

    def __str__(self):
        if self.number:
            return self.number
        if self.state == OrderState.DRAFT:
            return _("Draf #%(pk)s") % {"pk": self.pk}
        return _("Permohonan #%(pk)s") % {"pk": self.pk}  # submitted; CS numbers it at step 5

    @property
    def label(self) -> str:
        return str(self)

    def billable_instruments(self):
        return self.instruments.exclude(state=InstrumentState.REJECTED)

    @property
    def total_amount(self) -> int:
        """The order's price: the sum of every instrument line's (possibly corrected) amount."""
        return sum(i.effective_amount for i in self.instruments.all())


# A validated instrument's status, by the state its order's report has reached (steps 17-22).
VALIDATED_INSTRUMENT_LABELS = {
    OrderState.NUMBERED: _("Hasil divalidasi, E-LHU diberi nomor"),
    OrderState.AWAITING_SIGNATURE: _("Hasil divalidasi, E-LHU menunggu tanda tangan"),
    OrderState.SIGNED: _("E-LHU ditandatangani"),
    OrderState.FORWARDED: _("E-LHU ditandatangani dan dikirim"),
    OrderState.SURVEYED: _("E-LHU ditandatangani dan dikirim"),
    OrderState.COMPLETED: _("Selesai"),
}


class Instrument(models.Model):
    """One physical instrument (sample) of an order, with the tariff that prices it."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="instruments")
    position = models.PositiveSmallIntegerField(default=1)
    instrument_type = models.ForeignKey("catalog.InstrumentType", on_delete=models.PROTECT, related_name="+")
    tariff = models.ForeignKey("catalog.Tariff", on_delete=models.PROTECT, related_name="+")
    brand = models.CharField(_("merek"), max_length=100)
    model = models.CharField(_("model/tipe"), max_length=100, blank=True)
    serial_number = models.CharField(_("nomor seri"), max_length=100)
    # The customer's own identification of the instrument (asset or tag number), printed on the E-LHU and
    # written in its DCC as an identification issued by the customer.
    customer_identification = models.CharField(_("identifikasi pelanggan"), max_length=100, blank=True)
    capacity = models.CharField(_("kapasitas/rentang"), max_length=100)
    resolution = models.CharField(_("resolusi"), max_length=50, blank=True)
    points = models.CharField(_("titik/kanal kalibrasi"), max_length=300, blank=True)
    tolerance = models.CharField(_("toleransi (untuk pernyataan kesesuaian)"), max_length=100, blank=True)
    # Price, copied from the tariff when the line is made: never recomputed from the catalogue.
    tariff_unit = models.CharField(max_length=12, choices=TariffUnit.choices)
    units = models.PositiveIntegerField(_("jumlah titik/kanal"), default=1)
    unit_price = models.PositiveBigIntegerField(_("tarif satuan"))
    amount = models.PositiveBigIntegerField(_("jumlah"))
    # A reduced or zero tariff granted by a regulation, frozen on the line with its basis and reason.
    reduction = models.ForeignKey("catalog.TariffReduction", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    reduction_percent = models.PositiveSmallIntegerField(_("keringanan (%)"), default=0)
    reduction_basis = models.CharField(_("dasar hukum keringanan"), max_length=200, blank=True)
    reduction_reason = models.TextField(_("alasan keringanan"), blank=True)
    corrected_amount = models.PositiveBigIntegerField(_("jumlah dikoreksi"), null=True, blank=True)
    correction_reason = models.TextField(_("alasan koreksi tarif"), blank=True)
    # Workflow of the instrument (steps 11-16)
    state = models.CharField(_("status alat"), max_length=30, choices=InstrumentState.choices,
                             default=InstrumentState.AWAITING_RECEPTION, db_index=True)
    state_entered_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True)  # the waiting step's deadline, written by the engine
    sample_id = models.CharField(_("nomor sampel"), max_length=40, null=True, blank=True, unique=True)
    laboratory = models.ForeignKey("catalog.Laboratory", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="instruments")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="supervised_instruments")
    condition = models.CharField(_("kondisi saat diterima"), max_length=200, blank=True)
    accessories = models.CharField(_("kelengkapan"), max_length=200, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("alasan penolakan"), blank=True)
    return_note = models.TextField(_("catatan pengembalian"), blank=True)

    class Meta:
        ordering = ["order", "position", "id"]
        verbose_name = _("alat")
        verbose_name_plural = _("alat")
        indexes = [models.Index(fields=["state", "state_entered_at"]), models.Index(fields=["laboratory", "state"]),
                   models.Index(fields=["state", "due_at"]),
                   # an inbox's waiting instruments of a state, most urgent first, with their order (to keep a
                   # unit's): from the index alone, not the rows of every unit's (workflow.inbox_query)
                   models.Index(fields=["state", "due_at", "state_entered_at", "id", "order"], name="instrument_waiting")]
        constraints = [
            models.CheckConstraint(condition=Q(units__gte=1), name="instrument_units_positive"),
        ]

    def __str__(self):
        return f"{self.sample_id or '#' + str(self.position)} {self.instrument_type.display_name} {self.brand} {self.serial_number}"

    @property
    def status_label(self) -> str:
        """The instrument's status as a person reads it. Once its results are validated the instrument
        waits on its order's report, so from then on it says where the report is (numbered, signed,
        sent, completed) rather than "results validated" until the end."""
        if self.state == InstrumentState.VALIDATED:
            after = VALIDATED_INSTRUMENT_LABELS.get(self.order.state)
            if after is not None:
                return str(after)
        return str(self.get_state_display())

    @property
    def list_amount(self) -> int:
        """The price before any reduction: the tariff times the points."""
        return self.unit_price * self.units

    @property
    def effective_amount(self) -> int:
        return self.amount if self.corrected_amount is None else self.corrected_amount


class CalibrationDue(models.Model):
    """The customer's own next calibration date for one physical instrument (type + brand + serial
    number, as sent in any order), and the reminder sent for it. The laboratory does not recommend an
    interval (ISO/IEC 17025 7.8.4.3): the date is the customer's choice."""

    company = models.ForeignKey("accounts.Company", on_delete=models.CASCADE, related_name="calibration_dues")
    instrument_type = models.ForeignKey("catalog.InstrumentType", on_delete=models.PROTECT, related_name="+")
    brand_key = models.CharField(max_length=100)
    serial_key = models.CharField(max_length=100)
    next_due = models.DateField(_("jadwal kalibrasi berikutnya"), null=True, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    set_at = models.DateTimeField(null=True, blank=True)
    # The due date the reminder was sent for: one reminder per due date.
    reminded_for = models.DateField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("jadwal kalibrasi ulang")
        verbose_name_plural = _("jadwal kalibrasi ulang")
        constraints = [
            models.UniqueConstraint(fields=["company", "instrument_type", "brand_key", "serial_key"],
                                    name="calibration_due_one_per_instrument"),
        ]
        indexes = [models.Index(fields=["next_due"])]

    def __str__(self):
        return f"{self.instrument_type} {self.brand_key} {self.serial_key}: {self.next_due}"
