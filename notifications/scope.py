"""Which unit a notice or a mail is about, and who reads it.

A notice about a unit's matter (an order, a complaint, a customer's request handled by their home unit)
carries that unit: it reaches only the people who hold a role in that unit, the customer's people and
the national roles; a member of staff's list shows the notices of the units they hold a role in. A mail
carries its notice's unit, or the unit of the person written to (a customer's home unit, the one unit a
member of staff works in). An admin satker's outbox shows the mails of the units they are admin in (and,
for the default unit's admin, the installation's own mails that name no unit); the central admin
(ADMIN_PUSAT) reads every unit's.
"""
from __future__ import annotations

from django.db.models import Q

from accounts.roles import UNITLESS_ROLES, Role


def unit_id_of(value) -> int | None:
    """A unit's id from a unit, an id or None."""
    return getattr(value, "pk", value)


def concerned(people, unit) -> list:
    """Those of `people` whom a matter of `unit` concerns: anyone holding a role in it, and anyone who is
    no unit's staff (a customer, a national role). One query for all of them."""
    from accounts.models import UserRole

    people = list(people)
    unit_id = unit_id_of(unit)
    if unit_id is None or not people:
        return people
    staff_units: dict[int, set] = {}
    for user_id, unit_held in (UserRole.objects.filter(user__in=[p.pk for p in people])
                               .exclude(role__in=UNITLESS_ROLES).values_list("user_id", "unit_id")):
        staff_units.setdefault(user_id, set()).add(unit_held)
    return [p for p in people if p.pk not in staff_units or unit_id in staff_units[p.pk]]


def person_unit_id(user) -> int | None:
    """The unit a mail to `user` is of when it is about no order: a customer's company's home unit (the
    default unit where it has none), the one unit a member of staff holds their roles in; else none."""
    if user is None:
        return None
    held = user.role_units
    if Role.PELANGGAN in held and user.company_id:
        return user.company.home_unit_id_or_default
    units = set().union(*held.values()) if held else set()
    return next(iter(units)) if len(units) == 1 else None


def reads_every_units_mail(user) -> bool:
    return user.has_role(Role.ADMIN_PUSAT)


def outbox_of(user, mails):
    """The mails among `mails` `user`'s outbox shows: every one for the central admin; for an admin
    satker those of the units they are admin in, and the ones naming no unit when the default unit is one
    of them; none for anyone else."""
    from units.current import default_unit_id

    if reads_every_units_mail(user):
        return mails
    units = user.units_of(Role.ADMIN)
    if not units:
        return mails.none()
    mine = Q(unit_id__in=sorted(units))
    if default_unit_id() in units:
        mine |= Q(unit__isnull=True)
    return mails.filter(mine)


def notices_of(user, notes):
    """The notices among `user`'s own a member of staff reads: those of the units they hold a role in
    and those naming no unit. A customer or a national role reads all of theirs."""
    held = user.role_units
    if not any(role not in UNITLESS_ROLES for role in held):
        return notes
    units = set().union(*held.values())
    return notes.filter(Q(unit__isnull=True) | Q(unit_id__in=sorted(units)))
