from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operasi (cadangan, pemulihan, pemeriksaan konsistensi)")
    default_auto_field = "django.db.models.BigAutoField"
