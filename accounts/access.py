"""Who may see which account."""
from django.http import Http404

from accounts.models import User
from accounts.roles import Role


def account_in_scope(user, role, account) -> bool:
    """ADMIN acts on every account but their own (activation is only ever of customers: only they
    register); a customer on their own account, and a company's owner on its members."""
    if role == Role.ADMIN:
        return account.pk != user.pk
    if role == Role.PELANGGAN:
        return account.pk == user.pk or bool(
            user.is_company_owner and user.company_id and account.company_id == user.company_id)
    return False


def get_account_for_admin(user, pk) -> User:
    if not (user.is_authenticated and user.has_role(Role.ADMIN)):
        raise Http404
    try:
        account = User.objects.select_related("company").get(pk=pk, roles__role=Role.PELANGGAN)
    except User.DoesNotExist:
        raise Http404 from None
    return account


def get_company_for_member(user):
    """The company of a logged-in customer (members page, personal data); 404 for anyone else."""
    if not (user.is_authenticated and user.company_id and user.has_role(Role.PELANGGAN)):
        raise Http404
    return user.company


def get_data_request_for_admin(user, pk):
    from accounts.models import PersonalDataRequest

    if not (user.is_authenticated and user.has_role(Role.ADMIN)):
        raise Http404
    try:
        return PersonalDataRequest.objects.select_related("user", "user__company").get(pk=pk)
    except PersonalDataRequest.DoesNotExist:
        raise Http404 from None
