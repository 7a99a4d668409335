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
    # The unit whose admin activates the company's accounts (SOP step 3, "Admin Satker / Admin Pusat"):
    # chosen at registration, the installation's default unit when it was not (units.current). Orders go
    # to any unit; only the activation follows the home unit.
    home_unit = models.ForeignKey("units.Unit", verbose_name=_("unit asal"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="home_companies")

    class Meta:
        ordering = ["name"]
        verbose_name = _("perusahaan")
        verbose_name_plural = _("perusahaan")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self._state.adding and self.__dict__.get("home_unit_id") is None:
            from units.current import default_unit_id

            self.home_unit_id = default_unit_id()
        super().save(*args, **kwargs)

    @property
    def home_unit_id_or_default(self) -> int:
        """The home unit; a company made by a bulk insert without one belongs to the default unit."""
        from units.current import default_unit_id

        return self.home_unit_id or default_unit_id()


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
    due_at = models.DateTimeField(null=True, blank=True)  # the waiting step's deadline, written by the engine
    email_verified = models.BooleanField(_("email terverifikasi"), default=False)
    refusal_reason = models.TextField(_("alasan penolakan"), blank=True)
    is_company_owner = models.BooleanField(
        _("pengelola perusahaan"), default=False,
        help_text=_("Dapat mengundang dan mengeluarkan anggota perusahaan."))
    anonymised_at = models.DateTimeField(_("dianonimkan"), null=True, blank=True)
    # The language chosen with the switch (saved when it is used, applied at login); notices and mails
    # to this person speak it. Empty: not chosen, Bahasa Indonesia.
    language = models.CharField(_("bahasa"), max_length=10, blank=True, default="",
                                choices=[("id", "Bahasa Indonesia"), ("en", "English")])

    objects = UserManager()

    class Meta:
        ordering = ["full_name", "username"]
        # Whether an account may log in follows its state in the SOP table, and nothing else.
        constraints = [models.CheckConstraint(
            condition=models.Q(state=AccountState.ACTIVE, is_active=True)
            | (~models.Q(state=AccountState.ACTIVE) & models.Q(is_active=False)),
            name="user_is_active_follows_state")]
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self):
        return self.full_name or self.username

    @cached_property
    def role_units(self) -> dict[str, frozenset[int]]:
        """Each role held, with the units it is held in (an empty set for the customer and the national
        roles, held in no unit): one query, kept on the instance, read by `role_codes` too."""
        units: dict[str, set[int]] = {}
        for role, unit_id in self.roles.values_list("role", "unit_id"):
            held = units.setdefault(role, set())
            if unit_id is not None:
                held.add(unit_id)
        return {role: frozenset(ids) for role, ids in units.items()}

    @cached_property
    def role_codes(self) -> frozenset[str]:
        return frozenset(self.role_units)

    def units_of(self, *roles: str) -> frozenset[int]:
        """The units in which the user holds any of `roles`."""
        held = self.role_units
        return frozenset().union(*(held.get(role, frozenset()) for role in roles))

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
    # The unit the role is held in; none for the customer and the national roles (UNITLESS_ROLES). A staff
    # role created without one gets the installation's default unit (units.signals).
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit kerja"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="roles")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="userrole_unique_in_unit"),
                       models.UniqueConstraint(fields=["user", "role"], condition=models.Q(unit__isnull=True),
                                               name="userrole_unique_without_unit")]
        verbose_name = _("peran pengguna")
        verbose_name_plural = _("peran pengguna")

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"


class Invitation(models.Model):
    """A company owner's invitation to a colleague: a signed link, valid until `expires_at`, used once."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="invitations_sent")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.OneToOneField(User, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="invitation_accepted")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("undangan anggota")
        verbose_name_plural = _("undangan anggota")

    def __str__(self):
        return f"{self.email} → {self.company}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status_label(self) -> str:
        if self.accepted_at:
            return _("Diterima")
        if self.revoked_at:
            return _("Dibatalkan")
        if self.expires_at <= timezone.now():
            return _("Kedaluwarsa")
        return _("Menunggu")


class ConsentRecord(models.Model):
    """Consent to the processing of personal data (UU 27/2022), with the privacy notice's version."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    notice_version = models.CharField(_("versi pemberitahuan privasi"), max_length=20)
    given_at = models.DateTimeField(_("diberikan"), default=timezone.now)
    context = models.CharField(_("saat"), max_length=30)  # "registration" or "invitation"

    class Meta:
        ordering = ["given_at"]
        verbose_name = _("persetujuan data pribadi")
        verbose_name_plural = _("persetujuan data pribadi")


class DataRequestKind(models.TextChoices):
    CORRECTION = "CORRECTION", _("Perbaikan data")
    DELETION = "DELETION", _("Penghapusan data")


class DataRequestStatus(models.TextChoices):
    OPEN = "OPEN", _("Menunggu diproses")
    DONE = "DONE", _("Dilaksanakan")
    REFUSED = "REFUSED", _("Ditolak")


class PersonalDataRequest(models.Model):
    """A person's request to correct or delete their personal data, decided by ADMIN with a reason.
    Its status moves only through the SOP engine (subject "data_request", `accounts/workflow.py`)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="data_requests")
    kind = models.CharField(_("jenis"), max_length=12, choices=DataRequestKind.choices)
    details = models.TextField(_("rincian"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DataRequestStatus.choices,
                              default=DataRequestStatus.OPEN, db_index=True)
    created_at = models.DateTimeField(_("diajukan"), default=timezone.now)
    state_entered_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True)  # the waiting step's deadline, written by the engine
    handled_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    handled_at = models.DateTimeField(_("diproses"), null=True, blank=True)
    reason = models.TextField(_("alasan/catatan admin"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("permintaan data pribadi")
        verbose_name_plural = _("permintaan data pribadi")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.user}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("accounts:data_request", args=[self.pk])

    @property
    def company(self):
        """The person's company (shown beside the request in the admin's inbox)."""
        return self.user.company
