from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "workflow"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core.signals import request_started
        from django.db.models.signals import post_delete, post_save

        from workflow.models import CalendarException, CalendarVersion
        from workflow.tasks import calendar_changed
        from workflow.worktime import PROCESS_CALENDAR

        for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(CalendarVersion.bump, sender=CalendarException, dispatch_uid=f"workflow.calendar.{name}")
            signal.connect(PROCESS_CALENDAR.forget, sender=CalendarException, dispatch_uid=f"workflow.forget.{name}")
            # once the change commits, the task queue writes the due times of open items again (workflow/tasks.py)
            signal.connect(calendar_changed, sender=CalendarException, dispatch_uid=f"workflow.due_times.{name}")
        request_started.connect(PROCESS_CALENDAR.new_request, dispatch_uid="workflow.calendar.request")
        # A unit's clock (time zone, office hours, working days) is part of its calendar: changing it is
        # a calendar change like an exception's (the version, the due times); any save refreshes ours.
        from django.db.models.signals import pre_save

        from workflow.tasks import unit_clock_saved, unit_clock_saving

        pre_save.connect(unit_clock_saving, sender="units.Unit", dispatch_uid="workflow.unit_clock.saving")
        post_save.connect(unit_clock_saved, sender="units.Unit", dispatch_uid="workflow.unit_clock.saved")
        post_delete.connect(PROCESS_CALENDAR.forget, sender="units.Unit", dispatch_uid="workflow.unit_clock.deleted")

        from workflow.inbox_cache import on_transition
        from workflow.signals import transition_done

        # A step done: the sidebars counting the inboxes it changed are recomputed (workflow/inbox_cache.py).
        transition_done.connect(on_transition, dispatch_uid="workflow.inbox_cache", weak=False)

        from workflow.registry import register

        register(labels={"document.download": ("Mengunduh dokumen", "Downloaded a document")})
