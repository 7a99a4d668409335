import re

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from stdnum.id import nik as stdnum_nik
from stdnum.id import npwp as stdnum_npwp

from accounts.models import User
from accounts.privacy import PRIVACY_NOTICE_VERSION  # noqa: F401 - imported from here by the views
from workflow.states import AccountState


def clean_npwp(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    if len(digits) not in (15, 16):
        raise forms.ValidationError(_("NPWP harus 15 atau 16 digit (sekarang %(n)s digit).") % {"n": len(digits)})
    if not stdnum_npwp.is_valid(digits):
        raise forms.ValidationError(_("NPWP %(v)s tidak sah; periksa kembali angkanya.") % {"v": value})
    return digits if len(digits) == 16 else "0" + digits


def clean_nik(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    if not digits:
        return ""
    if len(digits) != 16:
        raise forms.ValidationError(_("NIK harus 16 digit (sekarang %(n)s digit).") % {"n": len(digits)})
    if not stdnum_nik.is_valid(digits):
        raise forms.ValidationError(_("NIK %(v)s tidak sah (kode wilayah atau tanggal lahir salah).") % {"v": value})
    return digits


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("Email atau nama pengguna"), max_length=254)

    error_messages = {
        "invalid_login": _("Email/nama pengguna atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
    }

    def confirm_login_allowed(self, user):
        if user.state == AccountState.AWAITING_ACTIVATION:
            raise forms.ValidationError(
                _("Akun Anda belum diaktifkan oleh admin.") if user.email_verified
                else _("Verifikasi email Anda dahulu: buka tautan yang kami kirim ke %(email)s.") % {"email": user.email},
                code="inactive")
        if user.state == AccountState.REFUSED:
            raise forms.ValidationError(
                _("Pendaftaran akun ditolak: %(reason)s") % {"reason": user.refusal_reason}, code="inactive")
        if not user.is_active:
            raise forms.ValidationError(self.error_messages["inactive"], code="inactive")


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(label=_("Nomor telepon/HP"), max_length=30)
    nik = forms.CharField(label=_("NIK (opsional)"), max_length=20, required=False,
                          help_text=_("16 digit, sesuai KTP."))
    company_name = forms.CharField(label=_("Nama perusahaan"), max_length=200)
    npwp = forms.CharField(label=_("NPWP perusahaan"), max_length=25, help_text=_("15 atau 16 digit."))
    address = forms.CharField(label=_("Alamat perusahaan"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    password1 = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput, max_length=128)
    password2 = forms.CharField(label=_("Ulangi kata sandi"), widget=forms.PasswordInput, max_length=128)
    consent = forms.BooleanField(
        label=_("Saya menyetujui pemrosesan data pribadi saya untuk layanan kalibrasi sesuai pemberitahuan privasi."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The home unit, whose admin activates the account (SOP step 3), is asked only when there is a
        # choice; otherwise it is the installation's default unit.
        from units.current import default_unit_id
        from units.models import Unit

        units = Unit.objects.filter(is_active=True).order_by("name")
        if len(units) > 1:
            self.fields["home_unit"] = forms.ModelChoiceField(
                label=_("Unit layanan asal"), queryset=units, initial=default_unit_id(), empty_label=None,
                help_text=_("Admin unit ini memeriksa dan mengaktifkan akun Anda. Pesanan dapat diajukan ke "
                            "unit mana pun."))
            self.fields["home_unit"].label_from_instance = lambda unit: unit.display_name
            self.order_fields(["full_name", "email", "phone", "nik", "company_name", "npwp", "address",
                               "home_unit"])

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not re.fullmatch(r"\+?[0-9 ()-]{8,20}", phone):
            raise forms.ValidationError(_("Nomor telepon tidak sah."))
        return phone

    def clean_nik(self):
        return clean_nik(self.cleaned_data.get("nik", ""))

    def clean_npwp(self):
        return clean_npwp(self.cleaned_data["npwp"])

    def clean_email(self):
        # Whether the address already has an account is not said here (that would tell a stranger who is a
        # customer); the view answers a taken address exactly as a new one and mails its owner instead.
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif p1:
            probe = User(username=data.get("email", ""), email=data.get("email", ""), full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class JoinForm(forms.Form):
    """The invitee's account: the email comes from the invitation, the company from the inviter."""

    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    phone = forms.CharField(label=_("Nomor telepon/HP"), max_length=30)
    nik = forms.CharField(label=_("NIK (opsional)"), max_length=20, required=False, help_text=_("16 digit, sesuai KTP."))
    password1 = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput, max_length=128)
    password2 = forms.CharField(label=_("Ulangi kata sandi"), widget=forms.PasswordInput, max_length=128)
    consent = RegistrationForm.base_fields["consent"]

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    clean_phone = RegistrationForm.clean_phone
    clean_nik = RegistrationForm.clean_nik

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif p1:
            probe = User(username=self.email, email=self.email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email rekan yang diundang"), max_length=254)


class DataRequestForm(forms.Form):
    details = forms.CharField(label=_("Rincian"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class DecideRequestForm(forms.Form):
    reason = forms.CharField(label=_("Alasan/catatan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Tuliskan alasan atau catatan keputusan.")})


class CorrectionDecisionForm(DecideRequestForm):
    """A correction request carried out: the data corrected (blank: unchanged), then the note."""

    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150, required=False)
    phone = forms.CharField(label=_("Telepon"), max_length=30, required=False)
    nik = forms.CharField(label=_("NIK"), max_length=20, required=False)
    position = forms.CharField(label=_("Jabatan"), max_length=150, required=False)
    field_order = ["full_name", "phone", "nik", "position", "reason"]

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("full_name", "phone", "nik", "position"):
            self.fields[name].widget.attrs["placeholder"] = getattr(person, name, "") or ""

    def clean_nik(self):
        value = (self.cleaned_data.get("nik") or "").strip()
        return clean_nik(value) if value else ""

    def corrections(self) -> dict:
        return {name: self.cleaned_data[name].strip() for name in ("full_name", "phone", "position", "nik")
                if (self.cleaned_data.get(name) or "").strip()}
