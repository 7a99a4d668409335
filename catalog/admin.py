from django.contrib import admin

from catalog.models import Field, InstrumentType, Laboratory, Tariff


class TariffInline(admin.TabularInline):
    model = Tariff
    extra = 0


@admin.register(InstrumentType)
class InstrumentTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "range_label", "field", "laboratory", "active")
    list_filter = ("field", "laboratory", "active")
    inlines = [TariffInline]


admin.site.register(Field)
admin.site.register(Laboratory)


@admin.register(Tariff)
class TariffAdmin(admin.ModelAdmin):
    list_display = ("code", "instrument_type", "unit", "amount", "valid_from", "valid_until", "legal_basis")
