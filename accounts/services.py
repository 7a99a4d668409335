"""Account steps 1-3: the first visit, registration, activation or refusal by ADMIN."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Company, ConsentRecord, User, UserRole
from accounts.roles import Role
from workflow.engine import apply, authorize, lock
from workflow.models import AuditEntry
from workflow.states import AccountState


def register_customer(*, username: str, full_name: str, email: str, phone: str, nik: str, password: str,
                      company_name: str, npwp: str, address: str, visit_started_at=None,
                      consent_version: str = "") -> User:
    """Steps 1-2: the visit (from the moment the registration page was first opened) and the
    registration. The account cannot log in until ADMIN activates it."""
    now = timezone.now()
    visit_at = visit_started_at if visit_started_at and visit_started_at <= now else now
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("Email %(email)s sudah terdaftar.") % {"email": email})
        company = Company.objects.create(name=company_name.strip(), npwp=npwp, address=address.strip())
        user = User(username=username, full_name=full_name.strip(), email=email, phone=phone, nik=nik,
                    company=company, is_company_owner=True, state=AccountState.ON_WEBSITE,
                    state_entered_at=visit_at, is_active=False)
        user.set_password(password)
        user.save()
        UserRole.objects.create(user=user, role=Role.PELANGGAN)
        if consent_version:
            ConsentRecord.objects.create(user=user, notice_version=consent_version, given_at=now,
                                         context="registration")
        AuditEntry.objects.create(at=visit_at, actor=user, role=Role.PELANGGAN, code="account.visit", step=1,
                                  subject="account", account=user, from_state="", to_state=AccountState.ON_WEBSITE)
        apply(user, authorize(user, "account.register", user), user,
              data={"company": company.name, "npwp": npwp, "consent_version": consent_version})
    return user


def mark_email_verified(user: User) -> None:
    with transaction.atomic():
        account = lock(User, user.pk)
        if not account.email_verified:
            account.email_verified = True
            account.save(update_fields=["email_verified"])
            AuditEntry.objects.create(actor=account, role=Role.PELANGGAN, code="account.email_verified",
                                      subject="account", account=account)


def activate_account(admin: User, account_id: int, note: str = "") -> User:
    """Step 3: ADMIN activates the customer account."""
    with transaction.atomic():
        account = lock(User, account_id)
        row = authorize(account, "account.activate", admin)
        if not account.email_verified:
            raise ValidationError(_("Email pemohon belum diverifikasi."))
        account.is_active = True
        apply(account, row, admin, note=note, fields=["is_active"])
    transaction.on_commit(lambda: send_account_mail(account, _("Akun SIPPT Kalibrasi Anda telah aktif"),
                                        _("Akun Anda telah diaktifkan. Silakan masuk dan ajukan permohonan kalibrasi.")))
    return account


def refuse_account(admin: User, account_id: int, reason: str) -> User:
    """Step 3 branch: ADMIN refuses the account with a reason the applicant is told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tuliskan alasan penolakan."))
    with transaction.atomic():
        account = lock(User, account_id)
        row = authorize(account, "account.refuse", admin)
        account.refusal_reason = reason
        account.is_active = False
        apply(account, row, admin, note=reason, fields=["refusal_reason", "is_active"])
    transaction.on_commit(lambda: send_account_mail(account, _("Pendaftaran akun SIPPT Kalibrasi ditolak"),
                                        _("Pendaftaran Anda ditolak dengan alasan: %(reason)s") % {"reason": reason}))
    return account


def send_account_mail(account: User, subject: str, body: str) -> None:
    """An email about the account itself (always sent): stored and sent by a task, retried on failure."""
    send_account_mail_to(account.email, subject, body, user=account)


def send_account_mail_to(address: str, subject: str, body: str, user: User | None = None, kind: str = "") -> None:
    from notifications.kinds import MailKind
    from notifications.outbox import queue_mail

    queue_mail(address, subject, body, kind=kind or MailKind.ACCOUNT, user=user)
