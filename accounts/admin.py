from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import Company, ConsentRecord, Invitation, PersonalDataRequest, User, UserRole


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [UserRoleInline]
    list_display = ("username", "full_name", "email", "company", "laboratory", "state", "is_active")
    list_filter = ("state", "roles__role", "laboratory")
    search_fields = ("username", "full_name", "email", "nik", "nip")
    fieldsets = BaseUserAdmin.fieldsets + (
        ("SIPPT", {"fields": ("full_name", "phone", "nik", "nip", "position", "company", "laboratory",
                              "state", "email_verified", "refusal_reason", "is_company_owner",
                              "anonymised_at")}),
    )
    readonly_fields = ("state", "anonymised_at")


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "npwp", "created_at")
    search_fields = ("name", "npwp")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "company", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at")
    search_fields = ("email", "company__name")
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ("user", "notice_version", "given_at", "context")
    list_filter = ("notice_version", "context")
    readonly_fields = [f.name for f in ConsentRecord._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PersonalDataRequest)
class PersonalDataRequestAdmin(admin.ModelAdmin):
    """Read-only here: requests are decided on their own screen, which anonymises and tells the person."""

    list_display = ("created_at", "user", "kind", "status", "handled_by", "handled_at")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in PersonalDataRequest._meta.fields]

    def has_add_permission(self, request):
        return False
