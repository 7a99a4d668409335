"""Who is told about a transition, read from the SOP table: the actors of the next step, and the
customer whenever a member of staff or the system moved the customer's order. Every notice is kept
in the app; its email goes out if the person wants that kind (`notifications.preferences`).

`notify(users, text, url, kind=...)` is the entry point for other apps (reminders, complaints)."""
from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from core.locale import language_of
from notifications.content import Message, TransitionMail, render_message
from notifications.kinds import CUSTOMER_MILESTONES, MailKind
from notifications.models import Notification, OutgoingMail
from notifications.outbox import enqueue, new_mail, store_mails
from notifications.preferences import wanted_emails
from notifications.scope import concerned, unit_id_of
from notifications.subjects import follows_the_sop, is_an_account, order_of
from workflow.table import rows_waiting_in

SUBJECT_PREFIX = "[SIPPT Kalibrasi] "


def _people_for(role: str, subject: str, obj) -> list[User]:
    """The people holding `role` to tell about `obj`: the customer's company, the people the item names
    (the signer asked, the supervisor, the analysts), or else everyone holding the role — in the unit of
    the item's order (a unit's transitions tell nobody in another unit); for an account (no order),
    everyone holding it."""
    from lab.models import Parameter

    order = order_of(subject, obj)
    if role == Role.PELANGGAN:
        if order is None:
            return [obj] if is_an_account(subject) else []
        return list(User.objects.filter(company_id=order.company_id, is_active=True))
    if role == Role.KEPALA_BALAI and order is not None and order.signer_id:
        return [order.signer]
    if role == Role.PENYELIA and subject == "instrument":
        return [obj.supervisor] if obj.supervisor_id else []
    if role == Role.ANALIS and subject == "instrument":
        ids = Parameter.objects.filter(instrument=obj).values("analyst_id")
        return list(User.objects.filter(pk__in=ids, is_active=True))
    if order is None:
        return list(User.objects.filter(roles__role=role, is_active=True).distinct())
    return list(User.objects.filter(roles__role=role, roles__unit_id=order.unit_id, is_active=True).distinct())


def recipients_with_kinds(row, obj, actor) -> dict[int, tuple[User, str]]:
    """Each person to tell, with the kind of their email: the step now waiting for them (`action`),
    or, for the customer's people, the milestone reached (or `order_update` for any other move).
    Each role's people are read once, however many rows wait for them."""
    found: dict[str, list[User]] = {}

    def people_for(role: str) -> list[User]:
        if role not in found:
            found[role] = _people_for(role, row.subject, obj)
        return found[role]

    people: dict[int, tuple[User, str]] = {}
    for nxt in rows_waiting_in(row.subject, row.target):
        if nxt.in_inbox:
            for person in people_for(nxt.actor):
                people[person.pk] = (person, MailKind.ACTION)
    order = order_of(row.subject, obj)
    if order is not None and row.actor != Role.PELANGGAN and follows_the_sop(row.subject):
        milestone = CUSTOMER_MILESTONES.get(row.code)
        for person in people_for(Role.PELANGGAN):  # the company's members, as for "order"
            if milestone:
                people[person.pk] = (person, milestone)
            else:
                people.setdefault(person.pk, (person, MailKind.ORDER_UPDATE))
    if actor is not None:
        people.pop(actor.pk, None)
    return people


def recipients(row, obj, actor) -> dict[int, User]:
    return {pk: person for pk, (person, _kind) in recipients_with_kinds(row, obj, actor).items()}


def _mails_for(notes: list[Notification], subject="", body=None, message=None) -> list[OutgoingMail]:
    """The emails of these notifications for the people who want their kind, stored together:
    one query for the preferences and one for the mails, however many people. Each is written in its
    person's language. `message(person, kind)` gives the mail's content (`notifications.content.Message`);
    else `subject` (text or `subject(person)`) and `body(person)` replace the standard subject (the
    notice's text) and text where given."""
    addressed = [note for note in notes if note.user.email]
    wanted = wanted_emails((note.user_id, note.kind) for note in addressed)
    mails = []
    for note in addressed:
        if (note.user_id, note.kind) not in wanted:
            continue
        user = note.user
        with translation.override(language_of(user)):
            title = (subject(user) if callable(subject) else subject) or f"{SUBJECT_PREFIX}{note.text}"
            html = ""
            if body is not None:
                text = body(user)
            else:
                said = message(user, note.kind) if message is not None else standard_message(note)
                text, html = render_message(user, title, said, unit=note.unit_id)
            mail = new_mail(user.email, title, text, kind=note.kind, user=user, notification=note, html=html,
                            unit=note.unit_id)
        if mail is not None:
            mails.append(mail)
    return store_mails(mails)


def standard_message(note: Notification) -> Message:
    """The mail of a notice that brings no content of its own: the notice, and where to follow it up."""
    link = f"{settings.SITE_URL.rstrip('/')}{note.url}" if note.url else settings.SITE_URL
    return Message(headline=note.text, link=link, link_label=_("Buka SIPPT Kalibrasi"),
                   todo=_("Buka tautan di bawah untuk melihat rinciannya dan, bila perlu, menindaklanjutinya."))


def mail_for(note: Notification, *, send: bool = True) -> OutgoingMail | None:
    """The email of a notification, stored for sending if its person wants that kind."""
    mail = next(iter(_mails_for([note])), None)
    if mail is not None and send:
        transaction.on_commit(lambda: enqueue([mail.pk]))
    return mail


def _create(pairs: Iterable[tuple[User, str]], text, url: str, subject="", body=None, message=None, unit=None
            ) -> list[Notification]:
    """The notices (each in its person's language where `text` is `text(person, kind)`) and their mails,
    of `unit` (a unit or its id, or None)."""
    notes = []
    for person, kind in pairs:
        if callable(text):
            with translation.override(language_of(person)):
                said = text(person, kind)
        else:
            said = text
        notes.append(Notification(user=person, kind=kind, text=said[:300], url=url[:200], unit_id=unit_id_of(unit)))
    with transaction.atomic(savepoint=False):  # notices and mails together: one commit after a step, not two
        made = Notification.objects.bulk_create(notes)
        ids = [m.pk for m in _mails_for(made, subject, body, message)]
    if ids:
        transaction.on_commit(lambda: enqueue(ids))
    return made


def notify(users, text, url: str = "", *, kind: str = "", subject="", body=None, message=None, unit=None
           ) -> list[Notification]:
    """Tell one person or several: an in-app notice each, and an email to those who want `kind`
    (sent after the current transaction commits; unknown kinds are sent unless switched off).
    `unit` (a unit or its id): the unit whose matter it is (an order's, a complaint's); its notices and
    mails carry it, and people who are staff of other units only are not told (notifications.scope).
    `message(person, kind)` gives the email's content (`notifications.content.Message`: what happened,
    what to do, by when); `subject` (text or `subject(person)`) and `body(person)` replace the standard
    email's subject and plain text where given. `text(person, kind)`, `subject`, `body` and `message` are
    called in the person's language."""
    if isinstance(users, User):
        users = [users]
    return _create([(u, kind) for u in concerned(users, unit)], text, url, subject, body, message, unit)


# Subjects whose services write their own notices and mails (complaints, personal-data requests): a
# transition of theirs sends nothing more from here. Each app adds its subjects when it registers them.
SERVICE_NOTICES: set[str] = set()


def notify_transition(row, obj, entry) -> list[Notification]:
    """The notice and mail of a transition for everyone told, each in their own language: what happened,
    what to do next and by when (`notifications.content`)."""
    if row.subject in SERVICE_NOTICES:
        return []
    told = TransitionMail(row, obj, entry)
    # _people_for already picks the people of the order's unit: no second look at their roles here.
    return _create(recipients_with_kinds(row, obj, entry.actor).values(), told.notice, told.url,
                   message=told.message, unit=told.unit_id)
