"""The page where a signed-in user makes, lists and revokes their personal API tokens."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api.forms import TokenForm
from api.models import ApiToken

MAX_LIVE_TOKENS = 20


@login_required
def tokens(request):
    """GET lists the user's tokens; POST makes one and shows it once, on this response only."""
    created = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.user.api_tokens.filter(revoked_at__isnull=True).count() >= MAX_LIVE_TOKENS:
            messages.error(request, _("Paling banyak %(n)s token aktif; cabut token yang tidak dipakai.")
                           % {"n": MAX_LIVE_TOKENS})
        else:
            token, raw = ApiToken.issue(request.user, form.cleaned_data["name"], form.cleaned_data["scopes"])
            created = {"token": token, "raw": raw}
            form = TokenForm()
    response = render(request, "api/tokens.html", {
        "form": form, "created": created, "tokens": request.user.api_tokens.all(),
    })
    response["Cache-Control"] = "no-store"  # the new token is on this page once
    return response


@login_required
@require_POST
def revoke(request, pk):
    try:
        token = request.user.api_tokens.get(pk=pk)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    token.revoke()
    messages.success(request, _("Token “%(name)s” dicabut.") % {"name": token.name})
    return redirect("apitokens:tokens")
