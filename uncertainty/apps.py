from django.apps import AppConfig


class UncertaintyConfig(AppConfig):
    name = "uncertainty"
    verbose_name = "Ketidakpastian pengukuran"
    default_auto_field = "django.db.models.BigAutoField"
