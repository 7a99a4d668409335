from django.contrib import admin

from metrology.models import AccreditationScope, Authorisation, BudgetComponent, CalibrationMethod, ReferenceStandard


class BudgetComponentInline(admin.TabularInline):
    model = BudgetComponent
    extra = 1
    fields = ["position", "name", "name_en", "source", "distribution", "sensitivity", "value", "relative", "k", "dof"]


class AuthorisationInline(admin.TabularInline):
    model = Authorisation
    extra = 1
    autocomplete_fields = ["analyst"]


@admin.register(CalibrationMethod)
class CalibrationMethodAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "range_min", "range_max", "repeat_readings", "correction_form", "active"]
    list_filter = ["active", "correction_form"]
    search_fields = ["code", "name"]
    filter_horizontal = ["instrument_types"]
    inlines = [BudgetComponentInline, AuthorisationInline]


@admin.register(ReferenceStandard)
class ReferenceStandardAdmin(admin.ModelAdmin):
    list_display = ["name", "identification", "laboratory", "certificate_number", "expanded_uncertainty",
                    "coverage_factor", "valid_until", "active"]
    list_filter = ["laboratory", "active"]
    search_fields = ["name", "identification", "certificate_number"]
    date_hierarchy = "valid_until"


@admin.register(Authorisation)
class AuthorisationAdmin(admin.ModelAdmin):
    list_display = ["analyst", "method", "granted_on", "valid_until"]
    list_filter = ["method"]
    autocomplete_fields = ["analyst"]


@admin.register(AccreditationScope)
class AccreditationScopeAdmin(admin.ModelAdmin):
    list_display = ["laboratory", "method", "parameter", "range_min", "range_max", "unit", "kan_number"]
    list_filter = ["laboratory", "kan_number"]
    search_fields = ["method__code", "method__name", "parameter", "kan_number"]
