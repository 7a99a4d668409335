"""The complaint's states (ISO/IEC 17025 7.9) and the rules its services keep beside the SOP table.
The moves between the states are rows of the SOP engine (`complaints/workflow.py`). Pure data:
importable without a database."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


class ComplaintState(models.TextChoices):
    LODGED = "LODGED", _("Diterima, menunggu tanggapan CS")
    ACKNOWLEDGED = "ACKNOWLEDGED", _("Ditanggapi CS, menunggu penugasan")
    ASSIGNED = "ASSIGNED", _("Sedang ditangani petugas")
    ANSWERED = "ANSWERED", _("Dijawab")
    CLOSED = "CLOSED", _("Ditutup")


# Roles to whom CS may assign a complaint; the one holding it answers it under the role they hold.
ASSIGNABLE_ROLES = (Role.KETUA_PJI, Role.PENYELIA, Role.MT, Role.CS)
# A customer may reopen an answered or closed complaint this many times.
MAX_REOPENS = 1
