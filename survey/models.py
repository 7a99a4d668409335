"""The customer-satisfaction survey of step 21 (PermenPANRB 14/2017) and the hand-over record (BAST)
made when the instruments go back to the customer. Both are documents: never edited, never deleted."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Score(models.IntegerChoices):
    TIDAK_BAIK = 1, _("Tidak baik")
    KURANG_BAIK = 2, _("Kurang baik")
    BAIK = 3, _("Baik")
    SANGAT_BAIK = 4, _("Sangat baik")


# The nine elements of PermenPANRB 14/2017, in the regulation's order: (field, label, question).
ELEMENTS: tuple[tuple[str, str, str], ...] = (
    ("requirements", _("Persyaratan"),
     _("Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?")),
    ("procedures", _("Sistem, mekanisme, dan prosedur"),
     _("Bagaimana pendapat Anda tentang kemudahan prosedur pelayanan di unit ini?")),
    ("completion_time", _("Waktu penyelesaian"),
     _("Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?")),
    ("cost", _("Biaya/tarif"),
     _("Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?")),
    ("product_specification", _("Produk spesifikasi jenis pelayanan"),
     _("Bagaimana pendapat Anda tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
       "pelayanan dengan hasil yang diberikan?")),
    ("staff_competence", _("Kompetensi pelaksana"),
     _("Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?")),
    ("staff_behaviour", _("Perilaku pelaksana"),
     _("Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?")),
    ("complaint_handling", _("Penanganan pengaduan, saran dan masukan"),
     _("Bagaimana pendapat Anda tentang penanganan pengaduan, saran dan masukan pengguna layanan?")),
    ("facilities", _("Sarana dan prasarana"),
     _("Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?")),
)
ELEMENT_FIELDS: tuple[str, ...] = tuple(name for name, _label, _question in ELEMENTS)


def _score_field(label):
    return models.PositiveSmallIntegerField(label, choices=Score.choices)


class SurveyResponse(models.Model):
    """One filled survey per order (step 21), by a member of the customer's company."""

    order = models.OneToOneField("orders.Order", on_delete=models.PROTECT, related_name="survey_response")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="survey_responses")
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    requirements = _score_field(ELEMENTS[0][1])
    procedures = _score_field(ELEMENTS[1][1])
    completion_time = _score_field(ELEMENTS[2][1])
    cost = _score_field(ELEMENTS[3][1])
    product_specification = _score_field(ELEMENTS[4][1])
    staff_competence = _score_field(ELEMENTS[5][1])
    staff_behaviour = _score_field(ELEMENTS[6][1])
    complaint_handling = _score_field(ELEMENTS[7][1])
    facilities = _score_field(ELEMENTS[8][1])
    comment = models.TextField(_("komentar dan saran"), blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("jawaban survei kepuasan")
        verbose_name_plural = _("jawaban survei kepuasan")
        constraints = [
            models.CheckConstraint(condition=Q(**{f"{f}__gte": 1, f"{f}__lte": 4}), name=f"survey_{f}_1_to_4")
            for f in ELEMENT_FIELDS
        ]

    def __str__(self):
        return f"{self.order} · {self.respondent}"

    @property
    def scores(self) -> tuple[int, ...]:
        """The nine scores in the regulation's order."""
        return tuple(getattr(self, f) for f in ELEMENT_FIELDS)

    def rows(self):
        """(label, score, score label) for display."""
        return [(label, getattr(self, name), Score(getattr(self, name)).label) for name, label, _q in ELEMENTS]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("survey responses are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("survey responses are never deleted")


class HandoverRecord(models.Model):
    """Berita Acara Serah Terima (BAST): CS hands the instruments back to the customer."""

    order = models.OneToOneField("orders.Order", on_delete=models.PROTECT, related_name="handover")
    number = models.CharField(_("nomor berita acara"), max_length=40, unique=True)
    received_by_name = models.CharField(_("diterima oleh (pihak pelanggan)"), max_length=150)
    handed_over_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    handed_over_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["-handed_over_at"]
        verbose_name = _("berita acara serah terima")
        verbose_name_plural = _("berita acara serah terima")

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("hand-over records are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("hand-over records are never deleted")


class HandoverItem(models.Model):
    """An instrument handed back, as it was described when the record was made."""

    record = models.ForeignKey(HandoverRecord, on_delete=models.PROTECT, related_name="items")
    instrument = models.ForeignKey("orders.Instrument", on_delete=models.PROTECT, related_name="handover_items")
    sample_id = models.CharField(_("nomor sampel"), max_length=40)
    description = models.CharField(_("alat"), max_length=400)
    remark = models.CharField(_("keterangan"), max_length=300, blank=True)

    class Meta:
        ordering = ["record", "id"]
        verbose_name = _("alat diserahkan")
        verbose_name_plural = _("alat diserahkan")
        constraints = [models.UniqueConstraint(fields=["record", "instrument"], name="handover_item_once")]

    def __str__(self):
        return f"{self.sample_id} {self.description}"
