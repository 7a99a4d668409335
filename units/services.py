"""The central admin's changes to units and their admins: each in one transaction, each written to the
audit trail (codes registered in units/workflow.py)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User, UserRole
from accounts.roles import Role
from units.models import Unit
from workflow.engine import record

AUDITED_FIELDS = ["code", "name", "name_en", "short_name", "address", "satker_code", "time_zone", "office_start",
                  "office_end", "office_weekdays", "number_formats", "logo", "accreditation_number", "is_active"]


def _values(unit: Unit) -> dict:
    return {name: str(getattr(unit, name)) if name in ("office_start", "office_end") else getattr(unit, name)
            for name in AUDITED_FIELDS}


def _require_central_admin(user) -> None:
    if user is None or not user.is_active or not user.has_role(Role.ADMIN_PUSAT):
        raise ValidationError(_("Hanya Admin Pusat yang mengelola unit kerja."))


def save_unit(actor: User, unit: Unit) -> Unit:
    """Save a unit the form has validated (a new one, or changes to one); the audit entry keeps which
    fields changed, with their old and new values."""
    _require_central_admin(actor)
    unit.full_clean()
    with transaction.atomic():
        if unit.pk is None:
            unit.save()
            record("unit.created", actor, Role.ADMIN_PUSAT, note=unit.code, data={"unit": unit.code, **_values(unit)})
            return unit
        before = Unit.objects.select_for_update().get(pk=unit.pk)
        unit.code = before.code  # fixed once the unit exists: it names the unit's number series
        old, new = _values(before), _values(unit)
        changed = {name: [old[name], new[name]] for name in AUDITED_FIELDS if old[name] != new[name]}
        if changed:
            unit.save()
            record("unit.changed", actor, Role.ADMIN_PUSAT, note=unit.code, data={"unit": unit.code,
                                                                                  "changed": changed})
    return unit


def unit_staff(unit: Unit):
    """The people holding a role in `unit` (its staff)."""
    return User.objects.filter(pk__in=UserRole.objects.filter(unit=unit).values("user_id"))


def appoint_admin(actor: User, unit_id: int, user_id: int) -> UserRole:
    """ADMIN_PUSAT makes a staff member of the unit its admin (the role ADMIN held in that unit). The
    person may then use the admin site for their unit's staff and master data."""
    from accounts.seed import admin_satker_group

    _require_central_admin(actor)
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit_id)
        person = User.objects.select_for_update().get(pk=user_id)
        if not UserRole.objects.filter(user=person, unit=unit).exists() or person.is_customer:
            raise ValidationError(_("%(name)s bukan pegawai %(unit)s.") % {"name": person, "unit": unit})
        if not person.is_active:
            raise ValidationError(_("Akun %(name)s tidak aktif.") % {"name": person})
        if UserRole.objects.filter(user=person, role=Role.ADMIN, unit=unit).exists():
            raise ValidationError(_("%(name)s sudah menjadi admin %(unit)s.") % {"name": person, "unit": unit})
        role = UserRole.objects.create(user=person, role=Role.ADMIN, unit=unit)
        if not person.is_staff:
            person.is_staff = True
            person.save(update_fields=["is_staff"])
        person.groups.add(admin_satker_group())
        record("unit.admin_appointed", actor, Role.ADMIN_PUSAT, account=person, note=unit.code,
               data={"unit": unit.code})
    return role


def remove_admin(actor: User, unit_id: int, user_id: int) -> User:
    """ADMIN_PUSAT withdraws a person's role ADMIN in the unit; admin of no unit any more, they lose the
    admin site too."""
    from accounts.seed import admin_satker_group

    _require_central_admin(actor)
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit_id)
        person = User.objects.select_for_update().get(pk=user_id)
        deleted, _rows = UserRole.objects.filter(user=person, role=Role.ADMIN, unit=unit).delete()
        if not deleted:
            raise ValidationError(_("%(name)s bukan admin %(unit)s.") % {"name": person, "unit": unit})
        if not UserRole.objects.filter(user=person, role=Role.ADMIN).exists():
            person.groups.remove(admin_satker_group())
            if person.is_staff and not person.is_superuser:
                person.is_staff = False
                person.save(update_fields=["is_staff"])
        record("unit.admin_removed", actor, Role.ADMIN_PUSAT, account=person, note=unit.code,
               data={"unit": unit.code})
    return person
