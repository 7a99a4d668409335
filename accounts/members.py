"""A company's members: its owner invites colleagues by email (a signed link, valid for
`INVITATION_DAYS` days, used once); the invitee sets up an account and joins the company as a
customer without a second activation (the company was checked when its first member was activated).
Owners revoke invitations and remove members, never the last owner."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ConsentRecord, Invitation, User, UserRole
from accounts.roles import Role
from workflow.engine import apply, authorize, lock, record
from workflow.states import AccountState

INVITATION_SALT = "accounts.invitation"


def _lock_or_refuse(model, pk, message):
    try:
        return lock(model, pk)
    except model.DoesNotExist:
        raise ValidationError(message) from None


def invitation_days() -> int:
    return int(getattr(settings, "INVITATION_DAYS", 7))


def _check_owner(user: User) -> None:
    if not (user.is_active and user.company_id and user.is_company_owner and user.has_role(Role.PELANGGAN)):
        raise ValidationError(_("Hanya pengelola perusahaan yang dapat mengelola anggota."))


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "e": invitation.email}, salt=INVITATION_SALT)


def invitation_link(invitation: Invitation) -> str:
    return f"{settings.SITE_URL}{reverse('accounts:join', args=[invitation_token(invitation)])}"


def invite_member(owner: User, email: str) -> Invitation:
    """The owner invites a colleague; the link is emailed after the transaction commits."""
    from accounts.mails import home_unit
    from notifications.kinds import MailKind
    from notifications.outbox import queue_mail

    _check_owner(owner)
    email = (email or "").strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("Email %(email)s sudah memiliki akun SIPPT; satu email hanya untuk satu akun.")
                              % {"email": email})
    with transaction.atomic():
        lock(User, owner.pk)
        pending = Invitation.objects.filter(company_id=owner.company_id, email__iexact=email, accepted_at=None,
                                            revoked_at=None, expires_at__gt=timezone.now())
        if pending.exists():
            raise ValidationError(_("Undangan untuk %(email)s masih berlaku; batalkan dahulu bila ingin mengirim ulang.")
                                  % {"email": email})
        invitation = Invitation.objects.create(company_id=owner.company_id, email=email, invited_by=owner,
                                               expires_at=timezone.now() + timedelta(days=invitation_days()))
        record("account.member_invited", owner, Role.PELANGGAN, account=owner,
               data={"invitation": invitation.pk, "company": owner.company_id})
        unit = home_unit(owner)  # the company's home unit, whose admin looks after its accounts
        queue_mail(
            email, _("Undangan bergabung dengan %(company)s di SIPPT Kalibrasi") % {"company": owner.company},
            _("Halo,\n\n%(owner)s mengundang Anda menjadi anggota akun %(company)s di SIPPT Kalibrasi "
              "(%(balai)s).\n\nBuka tautan ini untuk membuat akun Anda (berlaku sampai %(until)s, sekali pakai):\n"
              "%(link)s\n\nAbaikan email ini bila Anda tidak mengenal pengirimnya.") % {
                "owner": owner, "company": owner.company, "balai": unit.name,
                "until": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y %H:%M"),
                "link": invitation_link(invitation)}, kind=MailKind.ACCOUNT, unit=unit)
    return invitation


def invitation_from_token(token: str) -> Invitation:
    """The pending invitation a link names, or a ValidationError saying why it cannot be used."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=timedelta(days=invitation_days()))
        invitation = Invitation.objects.select_related("company", "invited_by").get(pk=payload["i"])
    except signing.SignatureExpired:
        raise ValidationError(_("Tautan undangan sudah kedaluwarsa; minta pengelola perusahaan mengundang ulang.")) from None
    except (signing.BadSignature, Invitation.DoesNotExist, KeyError, TypeError):
        raise ValidationError(_("Tautan undangan tidak sah.")) from None
    if invitation.email != payload.get("e"):
        raise ValidationError(_("Tautan undangan tidak sah."))
    if invitation.accepted_at:
        raise ValidationError(_("Undangan ini sudah dipakai. Silakan masuk dengan akun Anda."))
    if invitation.revoked_at:
        raise ValidationError(_("Undangan ini sudah dibatalkan oleh pengelola perusahaan."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("Tautan undangan sudah kedaluwarsa; minta pengelola perusahaan mengundang ulang."))
    if not invitation.invited_by.is_active:
        raise ValidationError(_("Pengundang tidak lagi menjadi anggota perusahaan; undangan tidak berlaku."))
    return invitation


def accept_invitation(token: str, *, full_name: str, phone: str, nik: str, password: str,
                      consent_version: str, username: str = "") -> User:
    """The invitee's account: a customer of the inviting company, consent recorded, made active by the
    SOP table's branch `account.join_by_invitation` (the email is the login)."""
    from accounts.services import login_name_for

    if not consent_version:
        raise ValidationError(_("Persetujuan pemrosesan data pribadi diperlukan."))
    with transaction.atomic():
        invitation = lock(Invitation, invitation_from_token(token).pk)
        invitation = invitation_from_token(token)  # checked again under the lock: used once
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("Email %(email)s sudah terdaftar.") % {"email": invitation.email})
        username = username or login_name_for(invitation.email)
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Nama pengguna ini sudah dipakai."))
        now = timezone.now()
        user = User(username=username, full_name=full_name.strip(), email=invitation.email, phone=phone, nik=nik,
                    company=invitation.company, state=AccountState.ON_WEBSITE, state_entered_at=now,
                    is_active=False, email_verified=True)  # the link reached this address
        user.set_password(password)
        user.save()
        UserRole.objects.create(user=user, role=Role.PELANGGAN)
        ConsentRecord.objects.create(user=user, notice_version=consent_version, given_at=now, context="invitation")
        Invitation.objects.filter(pk=invitation.pk).update(accepted_at=now, accepted_by=user)
        user.is_active = True
        apply(user, authorize(user, "account.join_by_invitation", user), user, fields=["is_active"],
              data={"company": invitation.company_id, "invited_by": invitation.invited_by_id,
                    "invitation": invitation.pk, "consent_version": consent_version})
        from notifications.kinds import MailKind
        from notifications.services import notify

        notify(invitation.invited_by, lambda person, kind: _("%(name)s telah bergabung dengan %(company)s.") % {
            "name": user, "company": invitation.company}, reverse("accounts:members"), kind=MailKind.ACCOUNT)
    return user


def revoke_invitation(owner: User, invitation_id: int) -> Invitation:
    _check_owner(owner)
    with transaction.atomic():
        invitation = _lock_or_refuse(Invitation, invitation_id, _("Undangan tidak ditemukan."))
        if invitation.company_id != owner.company_id:
            raise ValidationError(_("Undangan tidak ditemukan."))
        if invitation.accepted_at or invitation.revoked_at:
            raise ValidationError(_("Undangan ini sudah dipakai atau dibatalkan."))
        invitation.revoked_at, invitation.revoked_by = timezone.now(), owner
        invitation.save(update_fields=["revoked_at", "revoked_by"])
        record("account.invitation_revoked", owner, Role.PELANGGAN, account=owner,
               data={"invitation": invitation.pk})
    return invitation


def active_owners(company_id: int):
    return User.objects.filter(company_id=company_id, is_company_owner=True, is_active=True)


def remove_member(owner: User, member_id: int) -> User:
    """The member can no longer log in or see the company's orders; what they did stays theirs."""
    _check_owner(owner)
    with transaction.atomic():
        lock(User, owner.pk)
        member = _lock_or_refuse(User, member_id, _("Anggota tidak ditemukan."))
        if member.company_id != owner.company_id or not member.is_active:
            raise ValidationError(_("Anggota tidak ditemukan."))
        if member.is_company_owner and active_owners(owner.company_id).exclude(pk=member.pk).count() == 0:
            raise ValidationError(_("Pengelola terakhir tidak dapat dikeluarkan; jadikan anggota lain pengelola dahulu."))
        row = authorize(member, "account.member_removed", owner)
        member.is_active = False
        member.is_company_owner = False
        apply(member, row, owner, fields=["is_active", "is_company_owner"], data={"company": owner.company_id})
    return member


def make_owner(owner: User, member_id: int) -> User:
    """An owner makes another active member an owner too (so they can leave or share the work)."""
    _check_owner(owner)
    with transaction.atomic():
        member = _lock_or_refuse(User, member_id, _("Anggota tidak ditemukan."))
        if member.company_id != owner.company_id or not member.is_active:
            raise ValidationError(_("Anggota tidak ditemukan."))
        if not member.is_company_owner:
            member.is_company_owner = True
            member.save(update_fields=["is_company_owner"])
            record("account.owner_added", owner, Role.PELANGGAN, account=member, data={"company": owner.company_id})
    return member
