from django.contrib import admin

from units.models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "short_name", "name", "time_zone", "satker_code", "is_active")
    list_filter = ("is_active", "time_zone")
    search_fields = ("code", "name", "short_name")

    def get_readonly_fields(self, request, obj=None):
        # the code names the unit's number series (core.Counter.unit_code): fixed once the unit exists
        return ("code",) if obj is not None else ()
