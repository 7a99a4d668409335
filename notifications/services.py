"""Who is told about a transition, read from the SOP table: the actors of the next step, and the
customer whenever a member of staff or the system moved the customer's order."""
from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from notifications.models import Notification
from workflow.engine import transition_name
from workflow.table import rows_waiting_in


def _order_of(subject, obj):
    if subject == "order":
        return obj
    if subject == "instrument":
        return obj.order
    return None


def _people_for(role: str, subject: str, obj) -> list[User]:
    from lab.models import Parameter

    order = _order_of(subject, obj)
    if role == Role.PELANGGAN:
        if order is None:
            return [obj] if subject == "account" else []
        return list(User.objects.filter(company_id=order.company_id, is_active=True))
    if role == Role.KEPALA_BALAI and order is not None and order.signer_id:
        return [order.signer]
    if role == Role.PENYELIA and subject == "instrument":
        return [obj.supervisor] if obj.supervisor_id else []
    if role == Role.ANALIS and subject == "instrument":
        ids = Parameter.objects.filter(instrument=obj).values("analyst_id")
        return list(User.objects.filter(pk__in=ids, is_active=True))
    return list(User.objects.filter(roles__role=role, is_active=True))


def recipients(row, obj, actor) -> dict[int, User]:
    people: dict[int, User] = {}
    for nxt in rows_waiting_in(row.subject, row.target):
        if nxt.in_inbox:
            for person in _people_for(nxt.actor, row.subject, obj):
                people[person.pk] = person
    order = _order_of(row.subject, obj)
    if order is not None and row.actor != Role.PELANGGAN:
        for person in _people_for(Role.PELANGGAN, "order", order):
            people[person.pk] = person
    if actor is not None:
        people.pop(actor.pk, None)
    return people


def notify_transition(row, obj, entry) -> list[Notification]:
    order = _order_of(row.subject, obj)
    if order is not None:
        label = order.number or _("draf #%(pk)s") % {"pk": order.pk}
        text = _("%(order)s: %(step)s") % {"order": label, "step": transition_name(row)}
        url = reverse("orders:detail", args=[order.pk])
    else:
        text = _("Akun %(name)s: %(step)s") % {"name": obj, "step": transition_name(row)}
        url = reverse("accounts:review", args=[obj.pk]) if row.target != "ACTIVE" else reverse("home")
    made = Notification.objects.bulk_create(
        [Notification(user=person, text=text[:300], url=url) for person in recipients(row, obj, entry.actor).values()])
    from notifications.tasks import send_notification_emails

    ids = [n.pk for n in made]
    if ids:
        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return made
