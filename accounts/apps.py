from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import cached_user
        from accounts.workflow import register_all

        register_all()
        cached_user.connect()
