from datetime import datetime

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.access import get_account_for_admin
from accounts.forms import PRIVACY_NOTICE_VERSION, LoginForm, RefuseForm, RegistrationForm
from accounts.models import Company, User
from accounts.tokens import email_verification_token
from core.actions import run_service
from core.middleware import message_of
from workflow.engine import TransitionNotAllowed


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def _send_verification(request, user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_verification_token.make_token(user)
    link = request.build_absolute_uri(reverse("accounts:verify_email", args=[uid, token]))
    services.send_account_mail(user, _("Verifikasi email SIPPT Kalibrasi"),
                   _("Halo %(name)s,\n\nbuka tautan ini untuk memverifikasi email Anda:\n%(link)s\n\n"
                     "Setelah itu admin akan memeriksa dan mengaktifkan akun Anda.") % {"name": user.full_name, "link": link})


def register(request):
    if request.user.is_authenticated:
        return redirect("home")
    started = request.session.setdefault("visit_started_at", timezone.now().isoformat())
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register_customer(
                full_name=data["full_name"], email=data["email"], phone=data["phone"],
                nik=data["nik"], password=data["password1"], company_name=data["company_name"], npwp=data["npwp"],
                address=data["address"], visit_started_at=datetime.fromisoformat(started),
                consent_version=PRIVACY_NOTICE_VERSION, home_unit=data.get("home_unit"))
        except services.EmailTaken:
            # The same answer as for a new address; the owner of the account gets a mail instead.
            services.tell_owner_of_taken_email(data["email"])
            request.session.pop("visit_started_at", None)
            return render(request, "accounts/registered.html", {"email": data["email"]})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            transaction.on_commit(lambda: _send_verification(request, user))
            request.session.pop("visit_started_at", None)
            return render(request, "accounts/registered.html", {"email": user.email})
    return render(request, "accounts/register.html", {"form": form, "privacy_version": PRIVACY_NOTICE_VERSION})


def verify_email(request, uidb64, token):
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not email_verification_token.check_token(user, token):
        return render(request, "accounts/verify_failed.html", status=400)
    services.mark_email_verified(user)
    return render(request, "accounts/verified.html", {"account": user})


@login_required
def review(request, pk, refuse_form=None):
    """`refuse_form`: a refusal sent back with an error, shown as typed with the message beside it."""
    account = get_account_for_admin(request.user, pk)
    duplicates = Company.objects.filter(
        Q(npwp=account.company.npwp) | Q(name__iexact=account.company.name)).exclude(pk=account.company_id)
    same_person = User.objects.filter(Q(nik=account.nik) & ~Q(nik="")).exclude(pk=account.pk)
    return render(request, "accounts/review.html", {
        "account": account, "duplicates": duplicates, "same_person": same_person,
        "refuse_form": refuse_form or RefuseForm(),
        "history": account.audit_about.select_related("actor").order_by("at"),
    })


@require_POST
@login_required
def activate(request, pk):
    account = get_account_for_admin(request.user, pk)
    run_service(request, lambda: services.activate_account(request.user, account.pk),
                _("Akun %(name)s diaktifkan.") % {"name": account.full_name})
    return redirect("accounts:review", account.pk)


@require_POST
@login_required
def refuse(request, pk):
    account = get_account_for_admin(request.user, pk)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.refuse_account(request.user, account.pk, form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None if hasattr(exc, "error_dict") else "reason", exc)
        except TransitionNotAllowed as exc:
            messages.error(request, message_of(exc))
            return redirect("accounts:review", account.pk)
        else:
            messages.success(request, _("Pendaftaran %(name)s ditolak; pemohon diberi tahu.") % {"name": account.full_name})
            return redirect("accounts:review", account.pk)
    return review(request, account.pk, refuse_form=form)
