from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwofactorConfig(AppConfig):
    name = "twofactor"
    verbose_name = _("Faktor kedua (TOTP)")
    default_auto_field = "django.db.models.BigAutoField"
