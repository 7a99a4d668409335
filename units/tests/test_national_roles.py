"""The national roles (Admin Pusat, Pimpinan Kementerian) exist and are held in no unit; they read the orders
of every unit and act on none; the central admin takes step 3 (a customer's account) and no other step."""
import pytest

from accounts.models import User, UserRole
from accounts.roles import NATIONAL_ROLES, STAFF_ROLES, Role
from orders.access import visible_orders
from workflow.inbox import inbox_counts
from workflow.table import TRANSITIONS


def test_the_central_admin_takes_only_step_3_and_the_national_roles_are_no_units_staff():
    assert {Role.ADMIN_PUSAT, Role.PIMPINAN} == NATIONAL_ROLES
    # "Admin Satker / Admin Pusat" (SOP step 3): the activation or refusal of a customer's account
    assert {row.code for row in TRANSITIONS if row.actor == Role.ADMIN_PUSAT} == {"account.activate",
                                                                                  "account.refuse"}
    assert Role.PIMPINAN not in {row.actor for row in TRANSITIONS}
    assert not NATIONAL_ROLES & set(STAFF_ROLES)


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(NATIONAL_ROLES))
def test_a_national_role_reads_every_order_has_an_empty_inbox_and_takes_no_step(order_at, role):
    from workflow.engine import TransitionNotAllowed, authorize

    order = order_at("VALIDATED")
    user = User.objects.create_user(username=role.lower(), email=f"{role.lower()}@example.com", password="x")
    UserRole.objects.create(user=user, role=role)
    user = User.objects.get(pk=user.pk)
    assert user.role_codes == {role} and user.role_units == {role: frozenset()}
    assert visible_orders(user).filter(pk=order.pk).exists()
    assert inbox_counts(user) == {role: 0}
    codes = {row.code for row in TRANSITIONS if row.subject == "order" and order.state in row.sources}
    assert codes
    for code in sorted(codes):
        with pytest.raises(TransitionNotAllowed):
            authorize(order, code, user)
