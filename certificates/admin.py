from django.contrib import admin

from certificates.models import SigningDelegation


@admin.register(SigningDelegation)
class SigningDelegationAdmin(admin.ModelAdmin):
    """The admin grants an acting head of centre (Plh./Plt.) signing authority for a period."""

    list_display = ("user", "kind", "starts_on", "ends_on", "position_title", "decree", "granted_by")
    list_filter = ("kind",)
    search_fields = ("user__full_name", "user__username", "user__nip", "decree")
    autocomplete_fields = ()
    raw_id_fields = ("user",)
    readonly_fields = ("granted_by", "created_at")
    date_hierarchy = "starts_on"

    def save_model(self, request, obj, form, change):
        from certificates.delegation import save_delegation

        save_delegation(request.user, obj, new=not change)

    def delete_model(self, request, obj):
        from certificates.delegation import delete_delegation

        delete_delegation(request.user, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
