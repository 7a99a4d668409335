from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Company, ConsentRecord, Invitation, PersonalDataRequest, User, UserRole
from workflow.engine import TransitionNotAllowed


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
    # The account's state, and with it whether it may log in, change only through the SOP table (the
    # actions below, activation on its own page); role changes are written to the audit trail.
    readonly_fields = ("state", "is_active", "email_verified", "refusal_reason", "anonymised_at", "last_login",
                       "date_joined")
    actions = ["deactivate", "reactivate"]

    def save_related(self, request, form, formsets, change):
        from accounts.services import record_role_change

        account = form.instance
        before = set(UserRole.objects.filter(user=account).values_list("role", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(UserRole.objects.filter(user=account).values_list("role", flat=True))
        record_role_change(request.user, account, before, after)

    def _each(self, request, queryset, service, done_message):
        done = 0
        for account in queryset:
            try:
                service(request.user, account.pk, _("melalui halaman admin"))
            except ValidationError as exc:
                self.message_user(request, f"{account}: {' '.join(exc.messages)}", messages.ERROR)
            except TransitionNotAllowed as exc:
                self.message_user(request, f"{account}: {exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Nonaktifkan akun terpilih"))
    def deactivate(self, request, queryset):
        from accounts.services import deactivate_account

        self._each(request, queryset, deactivate_account, _("%(n)s akun dinonaktifkan."))

    @admin.action(description=gettext_lazy("Aktifkan kembali akun terpilih"))
    def reactivate(self, request, queryset):
        from accounts.services import reactivate_account

        self._each(request, queryset, reactivate_account, _("%(n)s akun diaktifkan kembali."))


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
