from django.contrib import admin

from complaints.models import Complaint


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: complaints move only through their services (the complaint pages)."""

    list_display = ("__str__", "order", "company", "subject", "state", "assignee", "created_at")
    list_filter = ("state", "created_at")
    search_fields = ("subject", "description", "order__number", "company__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
