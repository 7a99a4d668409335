"""SOP step 3, "Admin Satker / Admin Pusat": a customer's company has a home unit (chosen at registration
when there is a choice); the admin of that unit activates or refuses its accounts, the central admin any.
Another unit's admin neither sees such an account in their inbox nor opens nor activates it."""
import pytest

from accounts import services
from accounts.models import User, UserRole
from accounts.roles import Role
from core.tests.support import NIK, valid_npwp
from units import current
from units.models import Unit
from workflow.states import AccountState

from .test_registration import form


@pytest.fixture
def world(users):
    """A second unit with its own admin, the central admin, and one verified applicant per unit."""
    other = Unit.objects.create(code="bbk-jayapura", name="Balai Kalibrasi Jayapura", short_name="BK Jayapura",
                                time_zone="Asia/Jayapura", office_start="07:30", office_end="16:00")
    admin_b = User.objects.create_user(username="admin_b", email="admin_b@example.com", password="x",
                                       full_name="Admin Jayapura")
    UserRole.objects.create(user=admin_b, role=Role.ADMIN, unit=other)
    pusat = User.objects.create_user(username="admin_pusat", email="pusat@example.com", password="x",
                                     full_name="Admin Pusat")
    UserRole.objects.create(user=pusat, role=Role.ADMIN_PUSAT)

    def applicant(n, home_unit=None):
        account = services.register_customer(
            full_name=f"Pemohon {n}", email=f"pemohon{n}@example.com", phone="0711-354120", nik="",
            password="Timbangan#Presisi-2026", company_name=f"PT Pemohon {n}", npwp=valid_npwp(10 + n),
            address="Jl. Merdeka 1", home_unit=home_unit)
        services.mark_email_verified(account)
        return User.objects.get(pk=account.pk)

    return {"other": other, "admin_a": users["admin"], "admin_b": admin_b, "pusat": pusat,
            "of_a": applicant(1), "of_b": applicant(2, other)}


def inbox_page(client):
    return client.get("/workflow/inbox/ADMIN/").content.decode()


@pytest.mark.django_db
def test_a_company_without_a_chosen_unit_belongs_to_the_default_unit(world):
    assert world["of_a"].company.home_unit == current.default_unit()
    assert world["of_b"].company.home_unit == world["other"]


@pytest.mark.django_db
def test_a_unit_admin_activates_a_customer_of_their_unit(world, login):
    c = login(world["admin_b"])
    account = world["of_b"]
    assert f"/accounts/review/{account.pk}/" in inbox_page(c)
    assert c.get(f"/accounts/review/{account.pk}/").status_code == 200
    assert c.post(f"/accounts/review/{account.pk}/activate/").status_code == 302
    account.refresh_from_db()
    assert account.state == AccountState.ACTIVE and account.is_active


@pytest.mark.django_db
def test_another_units_admin_neither_sees_nor_opens_nor_activates_nor_refuses(world, login):
    c = login(world["admin_a"])
    foreign = world["of_b"]
    page = inbox_page(c)
    assert f"/accounts/review/{world['of_a'].pk}/" in page and f"/accounts/review/{foreign.pk}/" not in page
    assert c.get(f"/accounts/review/{foreign.pk}/").status_code == 404
    assert c.post(f"/accounts/review/{foreign.pk}/activate/").status_code == 404
    assert c.post(f"/accounts/review/{foreign.pk}/refuse/", {"reason": "Bukan unit kami."}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == AccountState.AWAITING_ACTIVATION and not foreign.is_active
    # nor through the service itself (the API, a script): the scope rule of the account refuses
    from workflow.engine import TransitionNotAllowed

    with pytest.raises(TransitionNotAllowed):
        services.activate_account(User.objects.get(pk=world["admin_a"].pk), foreign.pk)


@pytest.mark.django_db
def test_the_central_admin_sees_and_activates_or_refuses_any_units_customer(world, login):
    c = login(world["pusat"])
    page = c.get("/workflow/inbox/ADMIN_PUSAT/").content.decode()
    assert f"/accounts/review/{world['of_a'].pk}/" in page and f"/accounts/review/{world['of_b'].pk}/" in page
    assert c.post(f"/accounts/review/{world['of_a'].pk}/activate/").status_code == 302
    assert c.post(f"/accounts/review/{world['of_b'].pk}/refuse/", {"reason": "NPWP tidak cocok."}).status_code == 302
    a, b = (User.objects.get(pk=world[k].pk) for k in ("of_a", "of_b"))
    assert (a.state, b.state) == (AccountState.ACTIVE, AccountState.REFUSED)
    entry = a.audit_about.get(code="account.activate")
    assert (entry.actor, entry.role, entry.step) == (world["pusat"], Role.ADMIN_PUSAT, 3)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["cs", "kepala_balai", "pelanggan"])
def test_no_other_role_opens_an_applicants_review(world, users, login, who):
    c = login(users[who])
    assert c.get(f"/accounts/review/{world['of_a'].pk}/").status_code == 404
    assert c.post(f"/accounts/review/{world['of_a'].pk}/activate/").status_code == 404


@pytest.mark.django_db
def test_registration_asks_the_home_unit_only_when_there_is_a_choice(client, users):
    assert "home_unit" not in client.get("/accounts/register/").context["form"].fields
    other = Unit.objects.create(code="bbk-jayapura", name="Balai Kalibrasi Jayapura", short_name="BK Jayapura",
                                office_start="07:30", office_end="16:00")
    page = client.get("/accounts/register/")
    assert "home_unit" in page.context["form"].fields and "Balai Kalibrasi Jayapura" in page.content.decode()
    assert client.post("/accounts/register/", form(home_unit=other.pk, nik=NIK)).status_code == 200
    assert User.objects.get(email="sri@ukurtepat.co.id").company.home_unit == other
    other.is_active = False
    other.save()
    assert "home_unit" not in client.get("/accounts/register/").context["form"].fields
