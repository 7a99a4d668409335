from django.contrib import admin

from workflow.models import AuditEntry, CalendarException


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin):
    list_display = ("date", "is_working_day", "description")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "code", "step", "actor", "role", "order", "from_state", "to_state")
    list_filter = ("code", "role", "step")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
