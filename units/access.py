"""Who may open the units' pages: the central admin (ADMIN_PUSAT) only; anyone else gets a 404."""
from django.http import Http404

from accounts.roles import Role
from units.models import Unit


def require_central_admin(user) -> None:
    if not (user.is_authenticated and user.has_role(Role.ADMIN_PUSAT)):
        raise Http404


def get_unit_for_central_admin(user, pk) -> Unit:
    require_central_admin(user)
    try:
        return Unit.objects.get(pk=pk)
    except Unit.DoesNotExist:
        raise Http404 from None
