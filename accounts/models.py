from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from workflow.states import AccountState


class Company(models.Model):
    """A customer company; its members see and act on its orders."""

    name = models.CharField(_("nama perusahaan"), max_length=200)
    npwp = models.CharField(_("NPWP"), max_length=16, db_index=True)
    address = models.TextField(_("alamat"))
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("perusahaan")
        verbose_name_plural = _("perusahaan")

    def __str__(self):
        return self.name


class User(AbstractUser):
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    email = models.EmailField(_("email"), unique=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    laboratory = models.ForeignKey("catalog.Laboratory", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="staff")
    state = models.CharField(_("status akun"), max_length=30, choices=AccountState.choices,
                             default=AccountState.ACTIVE)
    state_entered_at = models.DateTimeField(default=timezone.now)
    email_verified = models.BooleanField(_("email terverifikasi"), default=False)
    refusal_reason = models.TextField(_("alasan penolakan"), blank=True)

    objects = UserManager()

    class Meta:
        ordering = ["full_name", "username"]
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self):
        return self.full_name or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        return frozenset(self.roles.values_list("role", flat=True))

    def has_role(self, role: str) -> bool:
        return role in self.role_codes

    @property
    def is_customer(self) -> bool:
        return Role.PELANGGAN in self.role_codes

    @property
    def staff_roles(self) -> list[str]:
        return [r for r in Role.values if r in self.role_codes and r != Role.PELANGGAN]


class UserRole(models.Model):
    """A role of the SOP held by a person; staff may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="userrole_unique")]
        verbose_name = _("peran pengguna")
        verbose_name_plural = _("peran pengguna")

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"
