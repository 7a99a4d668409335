from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
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
from notifications.scope import notices_of, outbox_of, reads_every_units_mail


@login_required
def notification_list(request):
    """The person's own notices; a member of staff's, of the units they hold a role in."""
    notes = notices_of(request.user, request.user.notifications.all())[:100]
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


def _require_outbox_reader(user):
    """The outbox is the admins': an admin satker's units' mails, and every unit's for the central admin."""
    if not (user.is_authenticated and (user.has_role(Role.ADMIN) or reads_every_units_mail(user))):
        raise Http404


def _require_admin(user):
    if not (user.is_authenticated and user.has_role(Role.ADMIN)):
        raise Http404


@login_required
def mail_list(request):
    """ADMIN: the outgoing mails of their units with their status, attempts and last error; ADMIN_PUSAT
    reads every unit's (and sends none again: a unit's admin does)."""
    _require_outbox_reader(request.user)
    status = request.GET.get("status", "")
    visible = outbox_of(request.user, OutgoingMail.objects.all())
    mails = visible.select_related("unit") if reads_every_units_mail(request.user) else visible
    if status in MailStatus.values:
        mails = mails.filter(status=status)
    page = Paginator(mails, 50).get_page(request.GET.get("page"))
    counts = dict(visible.order_by().values_list("status").annotate(n=Count("pk")))
    statuses = [(value, label, counts.get(value, 0)) for value, label in MailStatus.choices]
    return render(request, "notifications/mails.html", {
        "page": page, "status": status, "statuses": statuses,
        "can_retry": request.user.has_role(Role.ADMIN), "show_unit": reads_every_units_mail(request.user),
        "retryable": [MailStatus.RETRYING, MailStatus.FAILED, MailStatus.QUEUED]})


@login_required
@require_POST
def mail_retry(request):
    """ADMIN: send the chosen mails of their units again now (or every failed and waiting one)."""
    _require_admin(request.user)
    mine = outbox_of(request.user, OutgoingMail.objects.all())
    if request.POST.get("all"):
        ids = mine.filter(status__in=[MailStatus.RETRYING, MailStatus.FAILED]).values_list("pk", flat=True)
    else:
        chosen = [int(v) for v in request.POST.getlist("mail")[:200] if v.isdigit() and len(v) < 18]
        ids = mine.filter(pk__in=chosen).values_list("pk", flat=True)
    count = outbox.retry_now(ids)
    if count:
        messages.success(request, _("%(n)s email dikirim ulang.") % {"n": count})
    else:
        messages.error(request, _("Tidak ada email yang dapat dikirim ulang (pilih email yang gagal atau menunggu)."))
    return redirect(request.POST.get("back") if (request.POST.get("back") or "").startswith("/notifications/")
                    else "notifications:mails")
