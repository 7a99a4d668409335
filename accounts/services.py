"""Account steps 1-3: the first visit, registration, activation or refusal by ADMIN."""
from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.mails import send_activation_mail, send_refusal_mail
from accounts.models import Company, ConsentRecord, User, UserRole
from accounts.roles import Role
from workflow.engine import apply, apply_with_reason, authorize, lock
from workflow.models import AuditEntry
from workflow.states import AccountState


class EmailTaken(ValidationError):
    """The address already has an account: the caller answers as for a new one and tells the owner."""


def login_name_for(email: str) -> str:
    """A new customer logs in with the email; the user name Django needs is the email itself where it
    fits and is free, else a random one nobody has to know."""
    email = (email or "").strip().lower()
    if email and len(email) <= 150 and not User.objects.filter(username__iexact=email).exists():
        return email
    while True:
        candidate = f"u-{secrets.token_hex(6)}"
        if not User.objects.filter(username=candidate).exists():
            return candidate


def chosen_language() -> str:
    """The language the person is using the site in, if they switched from Bahasa Indonesia: kept for their
    notices and mails."""
    from django.conf import settings

    from core.locale import available_languages

    language = translation.get_language() or ""
    return language if language in available_languages() and language != settings.LANGUAGE_CODE else ""


def register_customer(*, full_name: str, email: str, phone: str, nik: str, password: str,
                      company_name: str, npwp: str, address: str, visit_started_at=None,
                      consent_version: str = "", username: str = "", home_unit=None) -> User:
    """Steps 1-2: the visit (from the moment the registration page was first opened) and the
    registration. The account cannot log in until an admin activates it: the admin of the company's
    `home_unit` (the default unit when not given) or the central admin. The email is the login; an
    address that already has an account raises EmailTaken and creates nothing."""
    now = timezone.now()
    email = (email or "").strip().lower()
    visit_at = visit_started_at if visit_started_at and visit_started_at <= now else now
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise EmailTaken(_("Email %(email)s sudah terdaftar.") % {"email": email})
        username = username or login_name_for(email)
        company = Company.objects.create(name=company_name.strip(), npwp=npwp, address=address.strip(),
                                         home_unit=home_unit)
        user = User(username=username, full_name=full_name.strip(), email=email, phone=phone, nik=nik,
                    company=company, is_company_owner=True, state=AccountState.ON_WEBSITE,
                    state_entered_at=visit_at, is_active=False, language=chosen_language())
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


def tell_owner_of_taken_email(email: str) -> None:
    """Someone tried to register with an address that has an account: its owner is told, the visitor
    is not (the registration page answers as for a new address)."""
    from accounts.mails import send_registration_attempt_mail

    owner = User.objects.filter(email__iexact=(email or "").strip()).first()
    if owner is not None and owner.is_active:
        send_registration_attempt_mail(owner)


def mark_email_verified(user: User) -> None:
    with transaction.atomic():
        account = lock(User, user.pk)
        if not account.email_verified:
            account.email_verified = True
            account.save(update_fields=["email_verified"])
            AuditEntry.objects.create(actor=account, role=Role.PELANGGAN, code="account.email_verified",
                                      subject="account", account=account)


def activate_account(admin: User, account_id: int, note: str = "") -> User:
    """Step 3: the home unit's ADMIN or ADMIN_PUSAT activates the customer account."""
    with transaction.atomic():
        account = lock(User, account_id)
        row = authorize(account, "account.activate", admin)
        if not account.email_verified:
            raise ValidationError(_("Email pemohon belum diverifikasi."))
        account.is_active = True
        apply(account, row, admin, note=note, fields=["is_active"])
    transaction.on_commit(lambda: send_activation_mail(account))
    return account


def refuse_account(admin: User, account_id: int, reason: str) -> User:
    """Step 3 branch: the home unit's ADMIN or ADMIN_PUSAT refuses the account with a reason the applicant
    is told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tuliskan alasan penolakan."))
    with transaction.atomic():
        account = lock(User, account_id)
        row = authorize(account, "account.refuse", admin)
        account.refusal_reason = reason
        account.is_active = False
        apply(account, row, admin, note=reason, fields=["refusal_reason", "is_active"])
    transaction.on_commit(lambda: send_refusal_mail(account, reason))
    return account


def send_account_mail(account: User, subject: str, body: str) -> None:
    """An email about the account itself (always sent): stored and sent by a task, retried on failure."""
    send_account_mail_to(account.email, subject, body, user=account)


def send_account_mail_to(address: str, subject: str, body: str, user: User | None = None, kind: str = "",
                         html: str = "") -> None:
    from notifications.kinds import MailKind
    from notifications.outbox import queue_mail

    queue_mail(address, subject, body, kind=kind or MailKind.ACCOUNT, user=user, html=html)


def deactivate_account(admin: User, account_id: int, reason: str) -> User:
    """ADMIN ends an account (a staff member who left, a misused customer account): it can no longer log
    in; what it did stays. Through the SOP table, so state and `is_active` never disagree."""
    return apply_with_reason(User, account_id, "account.deactivate", admin, reason,
                             missing=_("Tuliskan alasan penonaktifan."), is_active=False)


def reactivate_account(admin: User, account_id: int, reason: str) -> User:
    return apply_with_reason(User, account_id, "account.reactivate", admin, reason,
                             missing=_("Tuliskan alasan pengaktifan kembali."), is_active=True)


def record_role_change(admin: User, account: User, before: set[str], after: set[str]) -> None:
    """Roles granted or withdrawn (in the Django admin) are written to the audit trail."""
    from workflow.engine import acting_role, record

    if before == after:
        return
    record("account.roles_changed", admin, acting_role(admin, Role.ADMIN), account=account,
           data={"added": sorted(after - before), "removed": sorted(before - after)})
