from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import locale  # noqa: F401 - connects the login receiver that applies the saved language
        from core.page_cache import watch_writes

        watch_writes()  # every write gives the data a new version: kept pages are not shown again
