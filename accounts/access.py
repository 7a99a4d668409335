"""Who may see which account.

A customer's account is activated (SOP step 3) by the admin of the company's home unit (ADMIN held in
that unit) or by the central admin (ADMIN_PUSAT), who may act on any. A unit admin manages only the staff
of the units they are admin in."""
from django.db.models import IntegerField, Q, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import User, UserRole
from accounts.roles import Role

ACCOUNT_ADMINS = frozenset({Role.ADMIN, Role.ADMIN_PUSAT})


def admin_units(user):
    """The ids of the units `user` is ADMIN in, as a subquery (no query of its own)."""
    return UserRole.objects.filter(user_id=user.pk, role=Role.ADMIN, unit__isnull=False).values("unit_id")


def with_home_unit(accounts):
    """`accounts` annotated with `home_unit`: their company's home unit, the default unit where a company
    has none (one made by a bulk insert)."""
    from units.current import default_unit_id

    return accounts.annotate(home_unit=Coalesce("company__home_unit_id", Value(default_unit_id()),
                                                output_field=IntegerField()))


def customers_of_admin(user, accounts):
    """The customers' accounts among `accounts` whose activation `user` decides: any for the central
    admin, those whose company's home unit `user` is ADMIN in for a unit admin, none for anyone else."""
    if user.has_role(Role.ADMIN_PUSAT):
        return accounts
    if user.has_role(Role.ADMIN):
        return with_home_unit(accounts).filter(home_unit__in=admin_units(user))
    return accounts.none()


def staff_of_admin(user, accounts):
    """The staff accounts among `accounts` a unit admin manages: people holding a role in one of the
    admin's units. The central admin manages every unit's staff."""
    if user.has_role(Role.ADMIN_PUSAT):
        return accounts
    return accounts.filter(pk__in=UserRole.objects.filter(unit__in=admin_units(user)).values("user_id"))


def accounts_of_admin(user, accounts):
    """The accounts among `accounts` a unit admin manages on the admin site: the staff of their units,
    the customers whose company's home unit is theirs, and accounts holding no role yet (one just made,
    before its roles are given). A superuser and the central admin manage every account."""
    if user.is_superuser or user.has_role(Role.ADMIN_PUSAT):
        return accounts
    mine = admin_units(user)
    ids = with_home_unit(User.objects.all()).filter(
        Q(roles__unit__in=mine) | Q(roles__role=Role.PELANGGAN, home_unit__in=mine) | Q(roles__isnull=True))
    return accounts.filter(pk__in=ids.values("pk"))


def account_in_scope(user, role, account) -> bool:
    """ADMIN acts on accounts of their units (a customer whose company's home unit it is, a staff member
    holding a role there) but their own; ADMIN_PUSAT on every account but their own (activation is only
    ever of customers: only they register); a customer on their own account, and a company's owner on
    its members."""
    if role == Role.ADMIN_PUSAT:
        return account.pk != user.pk
    if role == Role.ADMIN:
        if account.pk == user.pk:
            return False
        if account.company_id:
            home = account.company.home_unit_id_or_default
            return UserRole.objects.filter(user_id=user.pk, role=Role.ADMIN, unit_id=home).exists()
        return UserRole.objects.filter(user_id=account.pk, unit__in=admin_units(user)).exists()
    if role == Role.PELANGGAN:
        return account.pk == user.pk or bool(
            user.is_company_owner and user.company_id and account.company_id == user.company_id)
    return False


def get_account_for_admin(user, pk) -> User:
    """A customer's account the admin may review: 404 for anyone else and for another unit's customer."""
    if not (user.is_authenticated and user.role_codes & ACCOUNT_ADMINS):
        raise Http404
    accounts = customers_of_admin(user, User.objects.select_related("company", "company__home_unit"))
    try:
        return accounts.get(Q(pk=pk) & Q(roles__role=Role.PELANGGAN))
    except User.DoesNotExist:
        raise Http404 from None


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
