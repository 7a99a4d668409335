from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import Company, User, UserRole


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
                              "state", "email_verified", "refusal_reason")}),
    )
    readonly_fields = ("state",)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "npwp", "created_at")
    search_fields = ("name", "npwp")
