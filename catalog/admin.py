from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from catalog.models import Field, InstrumentType, Laboratory, Regulation, Tariff, TariffReduction, UnitOffering


class TariffInline(admin.TabularInline):
    model = Tariff
    extra = 0
    fields = ("code", "unit", "amount", "regulation", "valid_from", "valid_until")

    def get_readonly_fields(self, request, obj=None):
        # A price is never edited in place: a new validity period is added instead.
        return ("code", "unit", "amount", "regulation", "valid_from") if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False


class OfferingInline(admin.TabularInline):
    """The units that offer the type, each with the laboratory of that unit that calibrates it."""
    model = UnitOffering
    extra = 0
    fields = ("unit", "laboratory")


@admin.register(InstrumentType)
class InstrumentTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "range_label", "field", "laboratory", "active")
    list_filter = ("field", "laboratory", "active")
    search_fields = ("name", "name_en", "range_label", "parameters")
    inlines = [TariffInline, OfferingInline]


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code")
    search_fields = ("name", "name_en", "code")


@admin.register(Laboratory)
class LaboratoryAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "unit")
    list_filter = ("unit",)
    search_fields = ("name", "name_en", "code")


@admin.register(UnitOffering)
class UnitOfferingAdmin(admin.ModelAdmin):
    list_display = ("unit", "instrument_type", "laboratory")
    list_filter = ("unit", "laboratory", "instrument_type__field")
    search_fields = ("instrument_type__name", "instrument_type__name_en", "unit__short_name")
    list_select_related = ("unit", "instrument_type", "laboratory")


class InForceFilter(admin.SimpleListFilter):
    title = _("berlaku hari ini")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", _("Ya")), ("no", _("Tidak"))]

    def queryset(self, request, queryset):
        from django.db.models import Q
        from django.utils import timezone

        today = timezone.localdate()
        in_force = Q(valid_from__lte=today) & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        if self.value() == "yes":
            return queryset.filter(in_force)
        if self.value() == "no":
            return queryset.exclude(in_force)
        return queryset


@admin.register(Tariff)
class TariffAdmin(admin.ModelAdmin):
    change_list_template = "catalog/admin_tariff_change_list.html"
    list_display = ("code", "instrument_type", "unit", "amount", "valid_from", "valid_until", "regulation")
    list_filter = (InForceFilter, "unit", "instrument_type__field", "instrument_type__laboratory", "regulation")
    search_fields = ("code", "instrument_type__name", "instrument_type__range_label", "regulation__number")
    date_hierarchy = "valid_from"
    list_select_related = ("instrument_type", "regulation")

    def get_readonly_fields(self, request, obj=None):
        # Only the end of an existing period may be set; a new price is a new tariff row (or an Excel import).
        return ("instrument_type", "code", "unit", "amount", "regulation", "valid_from") if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Regulation)
class RegulationAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "in_force_from", "in_force_until", "superseded_by")
    search_fields = ("number", "title")
    list_select_related = ("superseded_by",)

    def get_readonly_fields(self, request, obj=None):
        # Tariffs cite the number: once saved, only the end of the period and the successor change.
        return ("number", "in_force_from") if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TariffReduction)
class TariffReductionAdmin(admin.ModelAdmin):
    list_display = ("company", "instrument_type", "unit", "percent", "legal_basis", "valid_from", "valid_until",
                    "created_by", "created_at")
    list_filter = ("unit", "percent", "legal_basis")
    search_fields = ("company__name", "company__npwp", "legal_basis", "reason")
    autocomplete_fields = ("company", "instrument_type")
    readonly_fields = ("created_by", "created_at")
    list_select_related = ("company", "instrument_type", "unit", "created_by")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # a granted reduction is ended, not rewritten
            return ("company", "instrument_type", "unit", "percent", "legal_basis", "reason", "valid_from",
                    "created_by", "created_at")
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False
