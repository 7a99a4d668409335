"""Telling people about a transition costs a fixed number of SQL queries, whoever is told: a company
of five members costs what a company of one does (no query per recipient: the preferences, the
notices and the mails are each read or written once for all). The notices and mails themselves are
those of the SOP table and each person's preferences, and the mails leave only after the commit."""
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.module_loading import import_string

from accounts.models import User
from accounts.roles import Role
from demo import road as demo
from notifications.models import EmailPreference, Notification, OutgoingMail

# The demo road's steps measured: the customer submits (CS is told), CS validates (Ketua Tim PJI and
# the customer's people are told), the head approves the tariff (the customer's people must act),
# the analyst submits results (the supervisor and the customer's people are told).
MEASURED = ["SUBMITTED", "VALIDATED", "PRICED", "RESULTS_ENTERED"]
# Queries of the notification fan-out of each step (after its commit), measured on 25 Nov 2026: who is
# told (one per role, the company's members once), the notices, the preferences, the mails.
FANOUT = {"SUBMITTED": 4, "VALIDATED": 5, "PRICED": 4, "RESULTS_ENTERED": 5}
# Queries of the whole transition (the service and its fan-out), measured the same day, plus 2. Step 6
# (PRICED) since 4 Dec 2026 also issues the numbered quotation (its counter under a lock and its record)
# and checks the order total against its bound: 15. Results (RESULTS_ENTERED) are entered by the balance
# method in the style of EURAMET cg-18 since the same day: more points (repeatability, eccentricity,
# indication), one save each: 48. The fan-out itself (FANOUT) is unchanged.
TOTAL = {"SUBMITTED": 13, "VALIDATED": 14, "PRICED": 15, "RESULTS_ENTERED": 48}


def _add_members(users, count):
    company = users["pelanggan"].company
    added = []
    for n in range(count):
        person = User.objects.create_user(username=f"anggota{n}", email=f"anggota{n}@example.com", password="x",
                                          full_name=f"Anggota {n}", company=company, email_verified=True)
        person.roles.create(role=Role.PELANGGAN)
        added.append(person)
    return added


def _road(users, capture, lines):
    """Drive a new order of the demo customer's company along the demo road; for each measured step,
    (queries of the service, queries of its notification fan-out, notices made, mail callbacks)."""
    order = demo.new_order(users, "pelanggan", lines)
    measured = {}
    for milestone, path in demo.ROAD:
        if milestone not in MEASURED:
            import_string(path)(users, order)  # its after-commit work never runs: the test never commits
        else:
            with capture() as after_commit, CaptureQueriesContext(connection) as service:
                import_string(path)(users, order)
            before = Notification.objects.count()
            with capture() as sending, CaptureQueriesContext(connection) as fanout:
                for callback in after_commit:  # what the commit of the service's transaction runs
                    callback()
            measured[milestone] = (len(service), len(fanout), Notification.objects.count() - before, sending)
        order.refresh_from_db()
        if milestone == MEASURED[-1]:
            return order, measured


def _counts(measured):
    return {step: (service + fanout, fanout) for step, (service, fanout, _made, _sending) in measured.items()}


@pytest.mark.django_db
def test_a_transition_costs_the_same_queries_for_one_member_and_for_five(users, django_capture_on_commit_callbacks):
    lines = demo.demo_lines(1, 0)
    _road(users, django_capture_on_commit_callbacks, lines)  # warms the per-process caches
    _order, alone = _road(users, django_capture_on_commit_callbacks, lines)
    _add_members(users, 4)
    _order, five = _road(users, django_capture_on_commit_callbacks, lines)

    assert _counts(five) == _counts(alone)
    assert {step: fanout for step, (_total, fanout) in _counts(five).items()} == FANOUT
    for step, (total, _fanout) in _counts(five).items():
        assert total <= TOTAL[step], step
    # The same queries told four more people each time the customer's people are told.
    made = {step: (alone[step][2], five[step][2]) for step in MEASURED}
    assert made == {"SUBMITTED": (1, 1), "VALIDATED": (2, 6), "PRICED": (1, 5), "RESULTS_ENTERED": (2, 6)}


@pytest.mark.django_db
def test_every_member_is_told_with_their_own_preferences_and_mailed_only_after_the_commit(
        users, django_capture_on_commit_callbacks):
    customer = users["pelanggan"]
    wants_updates, no_price, no_address = _add_members(users, 3)
    EmailPreference.objects.create(user=wants_updates, kind="order_update", enabled=True)
    EmailPreference.objects.create(user=no_price, kind="price_ready", enabled=False)
    no_address.email = "anggota@perusahaan.invalid"
    no_address.save(update_fields=["email"])
    left = User.objects.create_user(username="keluar", email="keluar@example.com", password="x",
                                    company=customer.company, is_active=False, state="DEACTIVATED")

    order, measured = _road(users, django_capture_on_commit_callbacks, demo.demo_lines(1, 0))

    def told(step):
        return {n.user.username: n.kind for n in Notification.objects.filter(text__endswith=step)}

    members = {customer.username, wants_updates.username, no_price.username, no_address.username}
    assert told("Memeriksa, memvalidasi dan memberi nomor order") == {
        users["ketua_pji"].username: "action", **{m: "order_validated" for m in members}}
    priced = told("Menyetujui tarif")
    assert priced == {m: "price_ready" for m in members}
    results = Notification.objects.filter(user=users["penyelia"], kind="action", url=f"/orders/{order.pk}/")
    assert results.count() == 1
    assert left.notifications.count() == 0  # a member who left the company is not told

    price_mails = OutgoingMail.objects.filter(notification__kind="price_ready")
    assert sorted(price_mails.values_list("to", flat=True)) == sorted([customer.email, wants_updates.email])
    update_mails = OutgoingMail.objects.filter(kind="order_update")
    assert list(update_mails.values_list("to", flat=True)) == [wants_updates.email]  # off unless switched on
    body = price_mails.get(to=customer.email).body
    assert body.startswith(f"Yth. {customer.full_name},") and f"/orders/{order.pk}/" in body
    assert "/notifications/preferences/" in body

    # Nothing is sent while the transition's transaction is open; its commit hands the mails to the task.
    assert not mail.outbox
    _service, _fanout, _made, sending = measured["PRICED"]
    assert len(sending) == 1
    sending[0]()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([customer.email, wants_updates.email])
    assert all(m.subject.startswith(f"[SIPPT Kalibrasi] {order.number}: ") for m in mail.outbox)

