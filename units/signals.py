"""What keeps the default unit right, and gives a unit to what is created without one.

A laboratory, an order and a staff role created without a unit (the demo, the admin, the tests, code
written before units) get the default unit (units.current), so that no new row is left without one.
Only on creation, and only when the unit was not given: nothing is read for a row loaded with
`.only()` and saved again. Bulk inserts (bulk_create) pass no signal: they name the unit themselves.
"""
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save

from units import current


def _fill_unit(sender, instance, raw=False, **kwargs):
    if raw or not instance._state.adding or instance.__dict__.get("unit_id") is not None:
        return
    instance.unit_id = current.default_unit_id()


def _fill_role_unit(sender, instance, raw=False, **kwargs):
    from accounts.roles import UNITLESS_ROLES

    if instance.__dict__.get("role") in UNITLESS_ROLES:
        return
    _fill_unit(sender, instance, raw=raw)


def _after_migrate(sender, using="default", **kwargs):
    """After `migrate` and after a test flush: forget the kept unit, and make the installation's unit again
    if there is none (as contenttypes makes its rows), so that the default unit is a committed row."""
    from units.models import Unit

    current.forget()
    if using == "default" and Unit._meta.db_table in _tables(using):
        current.ensure_unit(Unit)


def _tables(using):
    from django.db import connections

    return connections[using].introspection.table_names()


def connect(app_config) -> None:
    for model in ("catalog.Laboratory", "orders.Order"):
        pre_save.connect(_fill_unit, sender=model, dispatch_uid=f"units.fill.{model}")
    pre_save.connect(_fill_role_unit, sender="accounts.UserRole", dispatch_uid="units.fill.role")
    post_save.connect(current.forget, sender="units.Unit", dispatch_uid="units.forget.saved")
    post_delete.connect(current.forget, sender="units.Unit", dispatch_uid="units.forget.deleted")
    post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid="units.after_migrate")
