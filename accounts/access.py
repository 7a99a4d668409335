"""Who may see which account."""
from django.http import Http404

from accounts.models import User
from accounts.roles import Role


def account_in_scope(user, role, account) -> bool:
    if role == Role.ADMIN:
        return account.is_customer
    if role == Role.PELANGGAN:
        return account.pk == user.pk
    return False


def get_account_for_admin(user, pk) -> User:
    if not (user.is_authenticated and user.has_role(Role.ADMIN)):
        raise Http404
    try:
        account = User.objects.select_related("company").get(pk=pk, roles__role=Role.PELANGGAN)
    except User.DoesNotExist:
        raise Http404 from None
    return account
