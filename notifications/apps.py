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

        from django.db.models.signals import post_delete, post_save

        from notifications.content import forget_calendar
        from workflow.models import CalendarException

        # A changed day off changes the deadlines mails state.
        post_save.connect(forget_calendar, sender=CalendarException, dispatch_uid="notifications.calendar.saved")
        post_delete.connect(forget_calendar, sender=CalendarException, dispatch_uid="notifications.calendar.deleted")
