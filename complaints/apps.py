from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "complaints"
    verbose_name = _("Pengaduan pelanggan")

    def ready(self):
        from complaints.workflow import register_all

        register_all()
