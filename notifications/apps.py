from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workflow.signals import transition_done

        def on_transition(sender, row, obj, entry, **kwargs):
            from notifications.services import notify_transition

            notify_transition(row, obj, entry)

        transition_done.connect(on_transition, dispatch_uid="notifications.on_transition", weak=False)
