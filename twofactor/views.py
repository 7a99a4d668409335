"""The second-factor pages: enter the code after the password, enrol a device, and (for the admin)
reset a user's device when it is lost."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.roles import Role
from twofactor import enrolment, policy, services
from twofactor.forms import CodeForm


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return "/"


def _accept(request, device):
    request.session.cycle_key()
    otp_login(request, device)


@login_required
def verify(request):
    """After the password: the 6-digit code from the user's authenticator."""
    device = policy.confirmed_device(request.user)
    if device is None:
        return redirect("twofactor:setup" if policy.must_enrol(request.user) else _next_url(request))
    if policy.is_verified(request.user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _("Terlalu banyak kode salah. Tunggu sebentar lalu coba lagi."))
        elif verify_token(request.user, device.persistent_id, form.cleaned_data["code"]):
            _accept(request, device)
            return redirect(_next_url(request))
        else:
            form.add_error("code", _("Kode salah atau sudah kedaluwarsa. Masukkan kode yang sedang tampil."))
    return render(request, "twofactor/verify.html", {"form": form, "next": _next_url(request)})


@login_required
def setup(request):
    """Enrol an authenticator app (staff only): show the secret and QR code, confirm with one code."""
    user = request.user
    if not policy.is_staff_member(user):
        raise PermissionDenied
    device = policy.confirmed_device(user)
    if device is not None:
        if not policy.is_verified(user):
            return redirect("twofactor:verify")
        return render(request, "twofactor/active.html", {"device": device})
    pending = enrolment.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            pending = TOTPDevice.objects.select_for_update().get(pk=pending.pk)
            if pending.verify_token(form.cleaned_data["code"]):
                pending.confirmed = True
                pending.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                confirmed = True
            else:
                confirmed = False
        if confirmed:
            _accept(request, pending)
            messages.success(request, _("Faktor kedua aktif. Setiap masuk, Anda akan diminta kode dari aplikasi."))
            return redirect(_next_url(request))
        form.add_error("code", _("Kode tidak cocok. Periksa jam ponsel lalu masukkan kode yang sedang tampil."))
    secret = enrolment.secret_base32(pending)
    return render(request, "twofactor/setup.html", {
        "form": form, "secret": enrolment.grouped(secret), "qr": enrolment.qr_data_uri(pending),
        "required": policy.must_enrol(user), "next": _next_url(request)})


def _require_admin(user):
    if not (user.is_authenticated and user.has_role(Role.ADMIN)):
        raise PermissionDenied


def _staff_account(admin, pk) -> User:
    """A staff member of the admin's own unit (404 for another unit's, and for a customer)."""
    from accounts.access import staff_of_admin

    return get_object_or_404(staff_of_admin(admin, User.objects.exclude(roles__role=Role.PELANGGAN)), pk=pk)


@login_required
def reset(request, pk):
    """The admin removes a user's devices (a lost phone); the user enrols again at the next login."""
    _require_admin(request.user)
    account = _staff_account(request.user, pk)
    devices = TOTPDevice.objects.filter(user=account)
    return render(request, "twofactor/reset.html", {"account": account, "devices": devices})


@require_POST
@login_required
def reset_confirm(request, pk):
    _require_admin(request.user)
    account = _staff_account(request.user, pk)
    removed = services.reset_devices(request.user, account.pk)
    messages.success(request, _("Perangkat faktor kedua %(name)s dihapus (%(count)s).")
                     % {"name": account, "count": removed})
    return redirect("twofactor:reset", pk=account.pk)
