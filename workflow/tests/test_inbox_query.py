"""An inbox page's statement (workflow.inbox_query): compiled once per shape with marker values for the
reader, it is, with a reader's values put in place, the very statement compiled for that reader; the
units' instruments it reads from the index are exactly the units' (never another unit's, every waiting
state); a sent-back item still shows its badge and reason."""
import pytest
from django.db import router

from accounts.models import User, UserRole
from accounts.roles import Role
from lab.services import return_assignment
from orders.models import Instrument, Order
from units.models import Unit
from workflow import inbox as inbox_module
from workflow.inbox import _page_query, _subject_queryset, _units, _waiting_states, inbox
from workflow.inbox_query import is_prepared, known, reader_values, shape
from workflow.registry import SUBJECTS
from workflow.table import TRANSITIONS


@pytest.fixture
def other_unit(db):
    return Unit.objects.create(code="bspji-manado", name="Balai Manado", short_name="BSPJI Manado",
                               time_zone="Asia/Makassar", office_start="08:00", office_end="16:00")


def _staff(username, role, unit, laboratory=None):
    user = User.objects.create_user(username=username, email=f"{username}@example.com", password="x",
                                    full_name=username, laboratory=laboratory)
    UserRole.objects.create(user=user, role=role, unit=unit)
    return User.objects.get(pk=user.pk)


def _statements(user, role):
    """Per subject waiting for `role`: (the prepared statement with `user`'s values, the one compiled for
    `user`), as (SQL, parameters)."""
    units, every = _units(user, role)
    pairs = []
    for subject in SUBJECTS.values():
        states = _waiting_states(role, subject.name)
        if not states or not is_prepared(subject):
            continue
        inbox_module._page_rows(subject, user, role, states, units, every, 50)  # compiles it if not yet
        prepared = known(router.db_for_read(subject.model_class()))[(subject.name, *shape(user, role, states, 50, units, every, len(TRANSITIONS)))]
        qs = _subject_queryset(subject, user, role, states, units, every)
        direct = None if qs is None else _page_query(subject, qs, 50)
        assert (prepared is None) == (direct is None)
        if direct is not None:
            pairs.append(((prepared.sql, prepared.params_for(reader_values(user, units, every))),
                          (direct.sql, direct.params)))
    return pairs


@pytest.mark.django_db
def test_a_prepared_statement_is_the_one_compiled_for_each_reader(users, other_unit):
    home = users["cs"].roles.get(role=Role.CS).unit_id
    laboratory = users["penyelia"].laboratory
    readers = [(users[name], role) for name, role in (
        ("pelanggan", Role.PELANGGAN), ("cs", Role.CS), ("ketua_pji", Role.KETUA_PJI), ("bendahara", Role.BENDAHARA),
        ("penyelia", Role.PENYELIA), ("analis", Role.ANALIS), ("mt", Role.MT), ("kepala_balai", Role.KEPALA_BALAI))]
    readers += [(_staff("mt_manado", Role.MT, other_unit), Role.MT),
                (_staff("analis_manado", Role.ANALIS, other_unit, laboratory), Role.ANALIS),
                (_staff("penyelia_manado", Role.PENYELIA, other_unit, laboratory), Role.PENYELIA)]
    both = _staff("cs_both", Role.CS, other_unit)  # a role held in every unit: no unit filter
    UserRole.objects.create(user=both, role=Role.CS, unit_id=home)
    readers.append((User.objects.get(pk=both.pk), Role.CS))
    companyless = User.objects.create_user("nocompany", email="nocompany@example.com", password="x")
    UserRole.objects.create(user=companyless, role=Role.PELANGGAN)
    readers.append((User.objects.get(pk=companyless.pk), Role.PELANGGAN))
    compared = 0
    for user, role in readers:
        for prepared, direct in _statements(User.objects.get(pk=user.pk), role):
            assert prepared == direct, (user.username, role)
            compared += 1
    assert compared >= len(readers)


@pytest.mark.django_db
def test_the_mt_sees_every_waiting_instrument_of_their_unit_and_none_of_another(order_at, users, other_unit):
    ours, theirs = order_at("ASSIGNED"), order_at("ASSIGNED", customer="pelanggan2")
    Order.objects.filter(pk=theirs.pk).update(unit=other_unit)  # its instruments stay in our laboratories
    verified = ours.instruments.order_by("position").first()
    Instrument.objects.filter(pk=verified.pk).update(state="VERIFIED")  # the MT's other waiting state
    mt, their_mt = User.objects.get(pk=users["mt"].pk), _staff("mt_manado", Role.MT, other_unit)
    mine = [item.obj.pk for item in inbox(mt, Role.MT)]
    assert sorted(mine) == sorted(ours.instruments.values_list("pk", flat=True)) and verified.pk in mine
    assert sorted(item.obj.pk for item in inbox(their_mt, Role.MT)) == sorted(
        theirs.instruments.values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_sent_back_instrument_shows_its_badge_and_reason(order_at, users, login):
    order = order_at("ASSIGNED")
    sent = order.instruments.filter(laboratory=users["penyelia"].laboratory).order_by("position").first()
    return_assignment(users["mt"], sent.pk, "Analis <b>salah</b> & cek ulang")
    page = login(users["penyelia"]).get("/workflow/inbox/PENYELIA/").content.decode()
    assert ('<span class="badge badge-bad">Dikembalikan</span> <span class="sent-back-reason">Alasan: '
            'Analis &lt;b&gt;salah&lt;/b&gt; &amp; cek ulang</span>') in page
    assert page.count('class="sent-back"') == 1


@pytest.mark.django_db
def test_a_role_held_in_no_unit_has_an_empty_inbox(order_at, users, login):
    order_at("ASSIGNED")
    nowhere = _staff("mt_nowhere", Role.MT, None)  # given the default unit (units.signals): taken away
    UserRole.objects.filter(user=nowhere).update(unit=None)
    nowhere = User.objects.get(pk=nowhere.pk)
    assert nowhere.role_units == {Role.MT: frozenset()} and inbox(nowhere, Role.MT) == []
    assert login(nowhere).get("/workflow/inbox/MT/").status_code == 200
