from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Unit kerja (satker)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core.signals import request_finished, request_started

        from units import current, signals
        from units.workflow import register_all

        signals.connect(self)
        request_started.connect(current.request_started, dispatch_uid="units.facts.request_started")
        request_finished.connect(current.request_finished, dispatch_uid="units.facts.request_finished")
        register_all()
