from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "survey"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from survey.workflow import register_all

        register_all()
