"""Personal-data rights (UU 27/2022): a customer downloads their data, asks for a correction or for
deletion; ADMIN decides with a reason. Deletion anonymises the person (name, email, NIK, phone →
placeholders; unusable password; inactive) and keeps the orders, billings, reports and audit trail the
law requires to keep: they point to the same user row, which now carries no personal data."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import cached_user
from accounts.members import active_owners
from accounts.models import DataRequestKind, DataRequestStatus, PersonalDataRequest, User
from accounts.privacy import PRIVACY_NOTICE_VERSION
from accounts.roles import Role
from workflow.engine import apply, authorize, lock, record
from workflow.models import AuditEntry
from workflow.signals import transition_done
from workflow.states import AccountState
from workflow.table import rows_for


def _when(value):
    return timezone.localtime(value).isoformat() if value else None


def export_personal_data(user: User) -> dict:
    """Everything the system holds about the person, as plain data (the download)."""
    from orders.models import Order

    company = user.company
    return {
        "generated_at": _when(timezone.now()),
        "privacy_notice_version": PRIVACY_NOTICE_VERSION,
        "profile": {
            "username": user.username, "full_name": user.full_name, "email": user.email, "phone": user.phone,
            "nik": user.nik, "position": user.position, "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login), "email_verified": user.email_verified,
            "account_state": user.state, "company_owner": user.is_company_owner,
            "roles": sorted(user.role_codes),
        },
        "company": None if company is None else {
            "name": company.name, "npwp": company.npwp, "address": company.address, "phone": company.phone},
        "consents": [{"notice_version": c.notice_version, "given_at": _when(c.given_at), "context": c.context}
                     for c in user.consents.all()],
        "orders_created": [
            {"number": o.number, "state": o.state, "created_at": _when(o.created_at),
             "instruments": [{"type": i.instrument_type.name, "brand": i.brand, "model": i.model,
                              "serial_number": i.serial_number} for i in o.instruments.all()]}
            for o in Order.objects.filter(created_by=user).prefetch_related("instruments__instrument_type")],
        "notifications": [{"text": n.text, "kind": n.kind, "created_at": _when(n.created_at),
                           "read_at": _when(n.read_at)} for n in user.notifications.all()],
        "email_preferences": {p.kind: p.enabled for p in user.email_preferences.all()},
        "data_requests": [{"kind": r.kind, "status": r.status, "details": r.details, "created_at": _when(r.created_at),
                           "reason": r.reason} for r in user.data_requests.all()],
        "audit_entries": [
            {"at": _when(e.at), "code": e.code, "what": e.label, "role": e.role,
             "order": e.order.number if e.order_id else None, "note": e.note,
             "by_me": e.actor_id == user.pk, "about_me": e.account_id == user.pk}
            for e in AuditEntry.objects.filter(Q(actor=user) | Q(account=user)).select_related("order")],
    }


def record_export(user: User) -> None:
    record("account.data_exported", user, Role.PELANGGAN, account=user)


def _tell_admins(text, url: str, customer: User) -> None:
    """`text(person, kind)` is written in each admin's language. The request is a matter of the
    customer's home unit: the admins of other units are not told (notifications.scope)."""
    from notifications.kinds import MailKind
    from notifications.services import notify

    unit = customer.company.home_unit_id_or_default if customer.company_id else None
    notify(list(User.objects.filter(roles__role=Role.ADMIN, is_active=True)), text, url, kind=MailKind.ACTION,
           unit=unit)


def ask(user: User, kind: str, details: str) -> PersonalDataRequest:
    """The customer asks for a correction (saying what is wrong) or for deletion."""
    details = (details or "").strip()
    if not user.is_customer:
        raise ValidationError(_("Permintaan ini hanya untuk akun pelanggan; hubungi admin kepegawaian."))
    if kind == DataRequestKind.CORRECTION and not details:
        raise ValidationError(_("Tuliskan data mana yang salah dan bagaimana seharusnya."))
    with transaction.atomic():
        lock(User, user.pk)
        if user.data_requests.filter(kind=kind, status=DataRequestStatus.OPEN).exists():
            raise ValidationError(_("Permintaan serupa sedang diproses admin."))
        item = PersonalDataRequest.objects.create(user=user, kind=kind, details=details)
        _filed(item, user)
        _tell_admins(lambda person, kind: _("Permintaan %(kind)s baru (#%(pk)s)") % {
            "kind": item.get_kind_display().lower(), "pk": item.pk}, reverse("accounts:data_request", args=[item.pk]), user)
    return item


def _filed(item: PersonalDataRequest, user: User):
    """The filing row (no source status): the request was created open, so its entry records it from
    nothing, about the person, and the transition is announced after the commit as the engine does.
    (Requests filed before the engine knew them were recorded as `account.data_request`.)"""
    [row] = rows_for("data_request.file")
    entry = AuditEntry.objects.create(
        at=item.created_at, actor=user, role=row.actor, code=row.code, step=row.step, subject=row.subject,
        object_id=item.pk, account=user, from_state="", to_state=item.status, note=item.get_kind_display(),
        data={"kind": item.kind})
    transaction.on_commit(lambda: transition_done.send(sender=row.subject, row=row, obj=item, entry=entry),
                          robust=True)
    return entry


def _system_row():
    return rows_for("account.deactivate")[0]


def anonymise(user: User, admin: User | None = None) -> User:
    """Remove the person's identity from the account; keep every record that points to it."""
    from notifications.models import EmailPreference, Notification, OutgoingMail

    old_email = user.email
    user.full_name = _("Pengguna terhapus #%(pk)s") % {"pk": user.pk}
    user.first_name = user.last_name = ""
    user.username = f"deleted-{user.pk}"
    user.email = f"deleted-{user.pk}@anonymised.invalid"
    user.nik = user.phone = user.position = ""
    user.set_unusable_password()  # also ends every session of the person
    user.is_company_owner = False
    user.anonymised_at = timezone.now()
    fields = ["full_name", "first_name", "last_name", "username", "email", "nik", "phone", "position", "password",
              "is_company_owner", "anonymised_at"]
    if user.state == AccountState.ACTIVE:  # an active account ends through the SOP table, never beside it
        user.is_active = False
        apply(user, authorize(user, "account.deactivate", admin) if admin is not None else _system_row(), admin,
              fields=[*fields, "is_active"], note=_("data pribadi dihapus (anonimisasi)"))
    else:
        user.save(update_fields=fields)
    Notification.objects.filter(user=user).delete()
    EmailPreference.objects.filter(user=user).delete()
    OutgoingMail.objects.filter(user=user).delete()
    OutgoingMail.objects.filter(to__iexact=old_email).delete()
    if hasattr(user, "api_tokens"):
        user.api_tokens.all().delete()
    if user.company_id and not active_owners(user.company_id).exists():
        heir = user.company.members.filter(is_active=True).order_by("date_joined", "pk").first()
        if heir is not None:
            User.objects.filter(pk=heir.pk).update(is_company_owner=True)
            cached_user.forget(heir.pk)
            record("account.owner_added", admin, Role.ADMIN, account=heir, note=_("pengelola terakhir dihapus"))
    return user


def decide(admin: User, request_id: int, *, done: bool, reason: str, corrections: dict | None = None
           ) -> PersonalDataRequest:
    """ADMIN carries out (correcting the given fields, or anonymising) or refuses a request, with a reason
    the person is told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tuliskan alasan atau catatan keputusan."))
    with transaction.atomic():
        # The person first, then their request (the order `ask` keeps).
        person = lock(User, PersonalDataRequest.objects.values_list("user_id", flat=True).get(pk=request_id))
        item = lock(PersonalDataRequest, request_id)
        if item.status != DataRequestStatus.OPEN:
            raise ValidationError(_("Permintaan ini sudah diproses."))
        row = authorize(item, "data_request.done" if done else "data_request.refuse", admin)
        address, name = person.email, str(person)
        changed = []
        if done and item.kind == DataRequestKind.CORRECTION:
            for field, value in (corrections or {}).items():
                if field in ("full_name", "phone", "nik", "position") and value != getattr(person, field):
                    setattr(person, field, value)
                    changed.append(field)
            if changed:
                person.save(update_fields=changed)
        elif done:
            anonymise(person, admin)
        item.handled_by, item.handled_at, item.reason = admin, timezone.now(), reason
        item.user = person
        apply(item, row, admin, note=reason, fields=["handled_by", "handled_at", "reason"],
              data={"kind": item.kind, "fields": changed})
        from accounts.services import send_account_mail_to
        from notifications.kinds import MailKind

        erased = item.kind == DataRequestKind.DELETION and done
        send_account_mail_to(
            address, _("Permintaan data pribadi Anda: %(status)s") % {"status": item.get_status_display()},
            _("Yth. %(name)s,\n\npermintaan %(kind)s Anda telah diproses: %(status)s.\nCatatan admin: %(reason)s\n") % {
                "name": name, "kind": item.get_kind_display().lower(), "status": item.get_status_display(),
                "reason": reason},
            **({"kind": MailKind.ERASURE} if erased else {"user": person}))
    return item
