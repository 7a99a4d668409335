from django.apps import AppConfig


class DatagenConfig(AppConfig):
    name = "datagen"
    default_auto_field = "django.db.models.BigAutoField"
