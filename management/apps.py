from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManagementConfig(AppConfig):
    """Management reports: the dashboard, the registers and their exports, the audit log. Named apart from
    the certificate (`certificates.Report`); the app was called `reports` before, and its table keeps that
    name (see the model's Meta and migrations 0001/0002)."""
    default_auto_field = "django.db.models.BigAutoField"
    name = "management"
    verbose_name = _("Laporan manajemen")
