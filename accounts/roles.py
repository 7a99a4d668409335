"""The nine roles of the SOP's swimlanes, and the two national roles of the ministry. Pure data: importable
without a database."""
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
    # National roles (issue #18), held in no unit. They read the orders of every unit (orders.access) and act
    # on nothing: no row of the SOP table names them and no scope rule lets them act.
    ADMIN_PUSAT = "ADMIN_PUSAT", _("Admin Pusat")
    PIMPINAN = "PIMPINAN", _("Pimpinan Kementerian")


SYSTEM = "SYSTEM"
# Roles held in no unit: the customer (customers are national) and the national roles.
NATIONAL_ROLES = frozenset({Role.ADMIN_PUSAT, Role.PIMPINAN})
UNITLESS_ROLES = frozenset({Role.PELANGGAN, *NATIONAL_ROLES})
# The staff of a unit: the SOP's roles but the customer.
STAFF_ROLES = [r for r in Role if r not in UNITLESS_ROLES]
# Roles whose work is limited to one laboratory.
LAB_ROLES = {Role.PENYELIA, Role.ANALIS}
