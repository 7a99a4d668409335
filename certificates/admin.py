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
        from accounts.roles import Role
        from workflow.engine import acting_role, record

        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
        record("signing.delegation_saved", request.user, acting_role(request.user, Role.ADMIN), account=obj.user,
               note=str(obj), data={"delegation": obj.pk, "kind": obj.kind, "starts_on": str(obj.starts_on),
                                    "ends_on": str(obj.ends_on), "position": obj.position_title})
