"""The company's members page (every member reads it; owners invite, revoke and remove) and the
invitee's join page (anonymous, reached by the signed link)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import members
from accounts.access import get_company_for_member
from accounts.forms import InviteForm, JoinForm
from accounts.privacy import PRIVACY_NOTICE_VERSION
from core.actions import run_service
from core.middleware import message_of
from workflow.engine import TransitionNotAllowed


@login_required
def member_list(request, invite_form=None):
    """`invite_form`: an invitation sent back with an error, shown as typed with the message beside it."""
    company = get_company_for_member(request.user)
    return render(request, "accounts/members.html", {
        "company": company,
        "members": company.members.filter(is_active=True).order_by("-is_company_owner", "full_name"),
        "former": company.members.filter(state="DEACTIVATED", anonymised_at=None).order_by("full_name"),
        "invitations": company.invitations.select_related("invited_by", "accepted_by")[:50],
        "is_owner": request.user.is_company_owner, "invite_form": invite_form or InviteForm(),
    })


@require_POST
@login_required
def invite(request):
    get_company_for_member(request.user)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = members.invite_member(request.user, form.cleaned_data["email"])
        except ValidationError as exc:
            form.add_error(None if hasattr(exc, "error_dict") else "email", exc)
        except TransitionNotAllowed as exc:
            messages.error(request, message_of(exc))
            return redirect("accounts:members")
        else:
            messages.success(request, _("Undangan dikirim ke %(email)s.") % {"email": invitation.email})
            return redirect("accounts:members")
    return member_list(request, invite_form=form)


@require_POST
@login_required
def revoke(request, pk):
    get_company_for_member(request.user)
    run_service(request, lambda: members.revoke_invitation(request.user, pk),
                lambda inv: _("Undangan untuk %(email)s dibatalkan.") % {"email": inv.email})
    return redirect("accounts:members")


@require_POST
@login_required
def remove(request, pk):
    get_company_for_member(request.user)
    run_service(request, lambda: members.remove_member(request.user, pk),
                lambda m: _("%(name)s dikeluarkan dari perusahaan.") % {"name": m})
    return redirect("accounts:members")


@require_POST
@login_required
def make_owner(request, pk):
    get_company_for_member(request.user)
    run_service(request, lambda: members.make_owner(request.user, pk),
                lambda m: _("%(name)s sekarang pengelola perusahaan.") % {"name": m})
    return redirect("accounts:members")


def join(request, token):
    """The invitee sets up their account; it works at once (the company is already verified)."""
    if request.user.is_authenticated:
        return redirect("home")
    try:
        invitation = members.invitation_from_token(token)
    except ValidationError as exc:
        return render(request, "accounts/join_failed.html", {"reason": exc.messages[0]}, status=400)
    form = JoinForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = members.accept_invitation(
                token, full_name=data["full_name"], phone=data["phone"], nik=data["nik"],
                password=data["password1"], consent_version=PRIVACY_NOTICE_VERSION)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "accounts/joined.html", {"account": user})
    return render(request, "accounts/join.html", {"form": form, "invitation": invitation,
                                                  "privacy_version": PRIVACY_NOTICE_VERSION})
