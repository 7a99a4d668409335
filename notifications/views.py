from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from core.locale import language_of
from notifications import outbox
from notifications.kinds import MailKind
from notifications.models import MailStatus, OutgoingMail
from notifications.preferences import preferences_of, save_preferences


@login_required
def notification_list(request):
    notes = request.user.notifications.all()[:100]
    return render(request, "notifications/list.html", {"notes": notes})


@login_required
@require_POST
def mark_all_read(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications:list")


@login_required
def preferences(request):
    """The person's own choice of emails; in-app notices are always kept."""
    if request.method == "POST":
        save_preferences(request.user, set(request.POST.getlist("kinds")))
        messages.success(request, _("Pilihan email disimpan."))
        return redirect("notifications:preferences")
    labels = dict(MailKind.choices)
    rows = [{"kind": kind, "label": labels[kind], "enabled": enabled}
            for kind, enabled in preferences_of(request.user).items()]
    language = dict(settings.LANGUAGES)[language_of(request.user)]
    return render(request, "notifications/preferences.html", {"rows": rows, "mail_language": language})


def _require_admin(user):
    if not (user.is_authenticated and user.has_role(Role.ADMIN)):
        raise Http404


@login_required
def mail_list(request):
    """ADMIN: the outgoing mails with their status, attempts and last error."""
    _require_admin(request.user)
    status = request.GET.get("status", "")
    mails = OutgoingMail.objects.all()
    if status in MailStatus.values:
        mails = mails.filter(status=status)
    page = Paginator(mails, 50).get_page(request.GET.get("page"))
    statuses = [(value, label, OutgoingMail.objects.filter(status=value).count()) for value, label in MailStatus.choices]
    return render(request, "notifications/mails.html", {
        "page": page, "status": status, "statuses": statuses,
        "retryable": [MailStatus.RETRYING, MailStatus.FAILED, MailStatus.QUEUED]})


@login_required
@require_POST
def mail_retry(request):
    """ADMIN: send the chosen mails again now (or every failed and waiting one)."""
    _require_admin(request.user)
    if request.POST.get("all"):
        ids = OutgoingMail.objects.filter(status__in=[MailStatus.RETRYING, MailStatus.FAILED]).values_list("pk", flat=True)
    else:
        ids = [int(v) for v in request.POST.getlist("mail")[:200] if v.isdigit() and len(v) < 18]
    count = outbox.retry_now(ids)
    if count:
        messages.success(request, _("%(n)s email dikirim ulang.") % {"n": count})
    else:
        messages.error(request, _("Tidak ada email yang dapat dikirim ulang (pilih email yang gagal atau menunggu)."))
    return redirect(request.POST.get("back") if (request.POST.get("back") or "").startswith("/notifications/")
                    else "notifications:mails")
