from django.contrib import admin

from quotations.models import Quotation


@admin.register(Quotation)
class QuotationAdmin(admin.ModelAdmin):
    """Issued quotations, read only: a document is never edited."""

    list_display = ("number", "order_number", "company_name", "total", "issued_at", "issued_by")
    search_fields = ("number", "order_number", "company_name")
    list_select_related = ("issued_by",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
