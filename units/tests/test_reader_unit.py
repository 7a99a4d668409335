"""A member of staff of one unit reads times in that unit's zone and sees its name; the others read in the
installation's zone (WIB)."""
from datetime import datetime, time, timezone as dt_timezone

import pytest
from django.urls import reverse

from accounts.models import User, UserRole
from accounts.roles import Role
from orders.models import Order
from units.models import Unit


@pytest.fixture
def papua(db):
    return Unit.objects.create(code="bspji-jayapura", name="Balai Standardisasi Jayapura", short_name="BSPJI Jayapura",
                               time_zone="Asia/Jayapura", office_start=time(7, 30), office_end=time(16, 0))


@pytest.mark.django_db
def test_a_wit_units_cs_reads_the_inbox_in_wit_and_the_home_units_in_wib(order_at, users, papua, login):
    entered = datetime(2026, 6, 10, 1, 0, tzinfo=dt_timezone.utc)  # 08:00 WIB, 10:00 WIT
    theirs, ours = order_at("SUBMITTED"), order_at("SUBMITTED")
    Order.objects.filter(pk__in=[theirs.pk, ours.pk]).update(state_entered_at=entered)
    Order.objects.filter(pk=theirs.pk).update(unit=papua)
    cs_papua = User.objects.create_user("cs_jpr_test", password="x", full_name="CS Jayapura")
    UserRole.objects.create(user=cs_papua, role=Role.CS, unit=papua)

    html = login(cs_papua).get(reverse("workflow:inbox", args=[Role.CS])).content.decode()
    assert "10 Juni 2026 10:00" in html and "08:00" not in html
    assert "Balai Standardisasi Jayapura" in html  # the footer names the reader's unit

    html = login(users["cs"]).get(reverse("workflow:inbox", args=[Role.CS])).content.decode()
    assert "10 Juni 2026 08:00" in html and "Balai Standardisasi Jayapura" not in html


@pytest.mark.django_db
def test_a_reader_of_no_one_unit_is_served_by_the_agency_where_several_units_serve(users, papua, login, client):
    """One active unit: every page names it. Several: a visitor, a customer and a national role read the
    national agency's name, never one unit's; a unit's staff still read their unit's."""
    from django.conf import settings

    from units import current

    Unit.objects.filter(pk=papua.pk).update(is_active=False)
    current.forget()
    home = client.get(reverse("home")).content.decode()
    assert settings.BALAI_NAME in home and settings.NATIONAL_NAME not in home
    Unit.objects.filter(pk=papua.pk).update(is_active=True)
    current.forget()
    for reader in (client, login(users["pelanggan"])):
        html = reader.get(reverse("service_standard")).content.decode()
        assert settings.NATIONAL_NAME in html and settings.BALAI_NAME not in html
    assert settings.BALAI_NAME in login(users["cs"]).get(reverse("service_standard")).content.decode()
