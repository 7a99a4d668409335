from django.contrib import admin

from complaints.models import Complaint, ComplaintEntry


class ComplaintEntryInline(admin.TabularInline):
    model = ComplaintEntry
    extra = 0
    can_delete = False
    readonly_fields = ("at", "actor", "action", "from_state", "to_state", "assignee", "text")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: complaints move only through their services (the complaint pages)."""

    list_display = ("__str__", "order", "company", "subject", "state", "assignee", "created_at")
    list_filter = ("state", "created_at")
    search_fields = ("subject", "description", "order__number", "company__name")
    inlines = [ComplaintEntryInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
