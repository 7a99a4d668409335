from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Unit kerja (satker)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from units import signals
        from units.workflow import register_all

        signals.connect(self)
        register_all()
