"""The nine roles of the SOP's swimlanes. Pure data: importable without a database."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PELANGGAN = "PELANGGAN", _("Pelanggan")
    ADMIN = "ADMIN", _("Admin Satker")
    CS = "CS", _("Customer Service")
    KETUA_PJI = "KETUA_PJI", _("Ketua Tim PJI")
    BENDAHARA = "BENDAHARA", _("Bendahara")
    PENYELIA = "PENYELIA", _("Penyelia")
    MT = "MT", _("Manajer Teknis")
    ANALIS = "ANALIS", _("Analis")
    KEPALA_BALAI = "KEPALA_BALAI", _("Kepala Balai")


SYSTEM = "SYSTEM"
STAFF_ROLES = [r for r in Role if r != Role.PELANGGAN]
# Roles whose work is limited to one laboratory.
LAB_ROLES = {Role.PENYELIA, Role.ANALIS}
