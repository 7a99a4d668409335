from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import accounts_of_admin, admin_units
from accounts.models import Company, ConsentRecord, Invitation, PersonalDataRequest, User, UserRole
from accounts.roles import STAFF_ROLES, Role
from workflow.engine import TransitionNotAllowed


def _unit_admin(request) -> bool:
    """A unit admin on the admin site: limited to their units' staff (the central admin and a superuser
    are not)."""
    user = request.user
    return not (user.is_superuser or user.has_role(Role.ADMIN_PUSAT))


# The roles a unit admin gives and takes on the admin site: their unit's staff roles. The customer's role,
# the national roles and the unit admin's own role (appointed by the central admin, units:staff) are not.
UNIT_ADMIN_GIVES = [r for r in STAFF_ROLES if r != Role.ADMIN]


class UserRoleInline(admin.TabularInline):
    """A unit admin sees and gives only staff roles in their own units (UNIT_ADMIN_GIVES)."""

    model = UserRole
    extra = 0

    def get_queryset(self, request):
        roles = super().get_queryset(request)
        if _unit_admin(request):
            roles = roles.filter(role__in=UNIT_ADMIN_GIVES, unit__in=admin_units(request.user))
        return roles

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and _unit_admin(request):
            kwargs["choices"] = [(r.value, r.label) for r in UNIT_ADMIN_GIVES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit" and _unit_admin(request):
            from units.models import Unit

            units = list(Unit.objects.filter(pk__in=admin_units(request.user)))
            kwargs["queryset"] = Unit.objects.filter(pk__in=[u.pk for u in units])
            if len(units) == 1:  # the admin's one unit, also when left blank (UserAdmin.save_formset)
                kwargs.update(initial=units[0].pk, required=False)
            else:  # never the default unit by omission
                kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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

    def get_queryset(self, request):
        """A unit admin lists and edits only their units' staff and home customers, never another unit's."""
        return accounts_of_admin(request.user, super().get_queryset(request))

    def save_formset(self, request, form, formset, change):
        """A staff role a unit admin gives without naming the unit is held in the admin's own unit (they
        are admin of one), not in the installation's default unit."""
        if formset.model is not UserRole or not _unit_admin(request):
            return super().save_formset(request, form, formset, change)
        mine = list(admin_units(request.user).values_list("unit_id", flat=True))
        roles = formset.save(commit=False)
        for role in roles:
            if role.unit_id is None and len(mine) == 1:
                role.unit_id = mine[0]
            role.save()
        for role in formset.deleted_objects:
            role.delete()
        formset.save_m2m()

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
