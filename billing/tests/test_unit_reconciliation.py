"""Revenue and reconciliation per unit: each unit's treasurer reconciles their unit's e-billings only; the
national roles (ADMIN_PUSAT, PIMPINAN) read every unit's with the sums of each unit, and a unit filter
that reads only a unit of the list (anything else is shown beside the field, never a 500)."""
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User, UserRole
from accounts.roles import Role
from demo.units import seed_units
from hardening.tests.formcheck import error_beside
from orders.models import Order
from units.models import Unit


@pytest.fixture
def two_units(users, order_at):
    """A paid order of the first unit (Palembang) and one of Makassar, each paid to its own treasurer."""
    from demo.steps import accept_payment

    staff = seed_units()
    makassar = Unit.objects.get(code="bspji-makassar")
    here = order_at("PAID")
    there = order_at("PAYMENT_SUBMITTED")
    Order.objects.filter(pk=there.pk).update(unit=makassar)
    there.refresh_from_db()
    accept_payment({**users, "bendahara": staff["bendahara_mks"]}, there)
    chief = User.objects.create_user("pimpinan", email="pimpinan@kemenperin.go.id", password="x",
                                     full_name="Pimpinan Kementerian")
    UserRole.objects.create(user=chief, role=Role.PIMPINAN)
    staff["pimpinan"] = chief
    return {"staff": staff, "makassar": makassar, "here": here.billings.get(), "there": there.billings.get()}


def _page(client, query=""):
    # The days around today: each reader's days are their unit's (WITA is an hour ahead of the test's WIB,
    # so between 16:00 and 17:00 UTC a payment made now is on tomorrow's page for Makassar's treasurer).
    today = timezone.localdate()
    days = f"from={(today - timedelta(days=1)).isoformat()}&to={(today + timedelta(days=1)).isoformat()}"
    return client.get(f"/billing/desk/reconciliation/?{days}{query}")


@pytest.mark.django_db
def test_each_units_treasurer_reconciles_their_units_billings_only(two_units, users, login):
    here, there = two_units["here"], two_units["there"]
    mine = _page(login(users["bendahara"]))
    assert mine.status_code == 200
    assert mine.context["rec"].totals["paid_amount"] == here.amount
    assert [b.code for b in mine.context["rec"].billings] == [here.code]
    assert there.code not in mine.content.decode()
    theirs = _page(login(two_units["staff"]["bendahara_mks"]))
    assert theirs.context["rec"].totals["paid_amount"] == there.amount
    assert [p.billing.code for p in theirs.context["rec"].payments] == [there.code]
    assert here.code not in theirs.content.decode()
    assert "Semua unit" not in theirs.content.decode()  # a treasurer has no unit to choose


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin_pusat", "pimpinan"])
def test_a_national_role_reads_every_unit_with_each_units_sums_and_filters_one(two_units, login, who):
    here, there, makassar = two_units["here"], two_units["there"], two_units["makassar"]
    client = login(two_units["staff"][who])
    every = _page(client)
    assert every.status_code == 200
    rec = every.context["rec"]
    assert rec.totals["paid_amount"] == here.amount + there.amount
    sums = {row.unit_id: row for row in rec.by_unit}
    assert sums[makassar.pk].paid_amount == there.amount and sums[makassar.pk].payments_amount == there.amount
    assert sums[here.order.unit_id].paid_amount == here.amount
    assert sums[Unit.objects.get(code="bspji-jayapura").pk].made_count == 0  # every unit, even with nothing
    text = every.content.decode()
    assert here.code in text and there.code in text and "BSPJI Makassar" in text
    only = _page(client, f"&unit={makassar.pk}")
    assert [b.code for b in only.context["rec"].billings] == [there.code]
    assert here.code not in only.content.decode()
    export = client.get(f"/billing/desk/reconciliation.xlsx?unit={makassar.pk}")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin_pusat", "pimpinan"])
def test_a_national_role_reaches_the_reconciliation_from_the_menu(two_units, login, who):
    client = login(two_units["staff"][who])
    menu = client.get("/", follow=True).content.decode()
    assert 'href="/billing/desk/reconciliation/">Rekonsiliasi e-billing dan pembayaran</a>' in menu
    page = client.get("/billing/desk/reconciliation/")
    assert page.status_code == 200 and 'name="unit"' in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "999999", "1%00", "-1", "1.5"])
def test_a_unit_filter_that_cannot_be_read_is_shown_beside_the_field(two_units, login, value):
    client = login(two_units["staff"]["admin_pusat"])
    page = _page(client, f"&unit={value}")
    assert page.status_code in (200, 400)
    if page.status_code == 200:
        assert page.context["rec"] is None
        assert "Pilih salah satu unit kerja" in error_beside(page.content.decode(), "unit")
        assert two_units["here"].code not in page.content.decode()
    assert client.get(f"/billing/desk/reconciliation.xlsx?unit={value}").status_code in (302, 400)


@pytest.mark.django_db
def test_a_period_that_cannot_be_read_is_shown_beside_its_field(two_units, users, login):
    client = login(users["bendahara"])
    page = client.get("/billing/desk/reconciliation/?from=2026-13-45&to=2026-12-01")
    assert page.status_code == 200 and page.context["rec"] is None
    assert error_beside(page.content.decode(), "from")
    backwards = client.get("/billing/desk/reconciliation/?from=2026-12-05&to=2026-12-01")
    assert "tidak boleh sebelum" in error_beside(backwards.content.decode(), "to")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["cs", "admin", "kepala_balai", "pelanggan"])
def test_no_one_else_reads_the_reconciliation(users, login, name):
    client = login(users[name])
    assert client.get("/billing/desk/reconciliation/").status_code == 404
    assert client.get("/billing/desk/reconciliation.xlsx").status_code == 404
