from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications import outbox
from notifications.models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "to", "subject", "kind", "status", "attempts", "last_error", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("to", "subject")
    readonly_fields = [f.name for f in OutgoingMail._meta.fields]
    actions = ["send_again"]

    @admin.action(description=_("Kirim ulang sekarang"))
    def send_again(self, request, queryset):
        self.message_user(request, _("%(n)s email dikirim ulang.") % {"n": outbox.retry_now(queryset.values_list("pk", flat=True))})

    def has_add_permission(self, request):
        return False
