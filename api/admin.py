from django.contrib import admin

from api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Admins may see and revoke tokens; a token is made only by its owner, on /api/tokens/."""

    list_display = ["name", "user", "key_prefix", "scopes", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "key_prefix"]
    readonly_fields = ["user", "name", "key_prefix", "scopes", "created_at", "last_used_at"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Cabut token terpilih")
    def revoke(self, request, queryset):
        for token in queryset:
            token.revoke()
