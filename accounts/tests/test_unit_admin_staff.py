"""A unit admin (ADMIN held in unit A) sees and manages only unit A's staff on the staff pages (the admin
site's accounts, the second-factor reset), never unit B's; the roles they give are held in their unit."""
import pytest

from accounts.models import User, UserRole
from accounts.roles import Role
from accounts.seed import admin_satker_group
from units import current
from units.models import Unit


@pytest.fixture
def unit_b(users):
    """Unit B with its admin and a CS; the demo staff are unit A's (the default unit)."""
    unit = Unit.objects.create(code="bbk-makassar", name="BBK Makassar", short_name="BBK Makassar",
                               time_zone="Asia/Makassar", office_start="08:00", office_end="16:00")
    admin_b = User.objects.create_user(username="admin_b", email="admin_b@example.com", password="x",
                                       full_name="Admin Makassar", is_staff=True)
    admin_b.groups.add(admin_satker_group())
    UserRole.objects.create(user=admin_b, role=Role.ADMIN, unit=unit)
    cs_b = User.objects.create_user(username="cs_b", email="cs_b@example.com", password="x", full_name="Wulan CS Makassar")
    UserRole.objects.create(user=cs_b, role=Role.CS, unit=unit)
    return {"unit": unit, "admin": admin_b, "cs": cs_b}


@pytest.mark.django_db
def test_each_unit_admin_lists_only_their_units_staff(users, unit_b, login):
    page_a = login(users["admin"]).get("/admin/accounts/user/").content.decode()
    assert users["cs"].full_name in page_a and users["kepala_balai"].full_name in page_a
    assert "Wulan CS Makassar" not in page_a and "Admin Makassar" not in page_a
    page_b = login(unit_b["admin"]).get("/admin/accounts/user/").content.decode()
    assert "Wulan CS Makassar" in page_b
    assert users["cs"].full_name not in page_b and users["kepala_balai"].full_name not in page_b


@pytest.mark.django_db
def test_a_unit_admin_cannot_open_or_change_another_units_staff_member(users, unit_b, login):
    c = login(users["admin"])
    cs_b = unit_b["cs"]
    response = c.get(f"/admin/accounts/user/{cs_b.pk}/change/")
    assert response.status_code in (302, 404)  # the admin site: "does not exist", back to the list
    c.post("/admin/accounts/user/", {"action": "deactivate", "_selected_action": [cs_b.pk]})
    cs_b.refresh_from_db()
    assert cs_b.is_active
    assert c.get(f"/accounts/2fa/reset/{cs_b.pk}/").status_code == 404
    assert c.get(f"/accounts/2fa/reset/{users['cs'].pk}/").status_code == 200  # their own unit's


@pytest.mark.django_db
def test_a_unit_admin_gives_staff_roles_only_in_their_own_unit(users, unit_b, login):
    c = login(unit_b["admin"])
    page = c.get(f"/admin/accounts/user/{unit_b['cs'].pk}/change/")
    assert page.status_code == 200
    inline = page.context["inline_admin_formsets"][0].formset
    assert list(inline.empty_form.fields["unit"].queryset) == [unit_b["unit"]]
    roles = {value for value, _label in inline.empty_form.fields["role"].choices}
    # nor the unit admin's own role: the central admin appoints unit admins (units:staff)
    assert not {Role.ADMIN_PUSAT, Role.PELANGGAN, Role.ADMIN} & roles and Role.ANALIS in roles
    assert current.default_unit() not in inline.empty_form.fields["unit"].queryset


@pytest.mark.django_db
def test_a_role_given_without_a_unit_is_held_in_the_admins_own_unit(users, unit_b, login):
    from hardening.tests.test_audit_side_doors import _form_of

    c = login(unit_b["admin"])
    person = unit_b["cs"]
    url = f"/admin/accounts/user/{person.pk}/change/"
    data = _form_of(c.get(url).content.decode())
    total = int(data["roles-TOTAL_FORMS"])
    data.update({f"roles-{total}-role": Role.BENDAHARA, f"roles-{total}-user": str(person.pk),
                 f"roles-{total}-unit": "", "roles-TOTAL_FORMS": str(total + 1), "_save": "Save"})
    assert c.post(url, data).status_code == 302
    assert UserRole.objects.get(user=person, role=Role.BENDAHARA).unit == unit_b["unit"]
    # another unit's unit is not a choice: the form refuses it and nothing is given
    data = _form_of(c.get(url).content.decode())
    total = int(data["roles-TOTAL_FORMS"])
    data.update({f"roles-{total}-role": Role.MT, f"roles-{total}-user": str(person.pk),
                 f"roles-{total}-unit": str(current.default_unit().pk), "roles-TOTAL_FORMS": str(total + 1),
                 "_save": "Save"})
    assert c.post(url, data).status_code == 200
    assert not UserRole.objects.filter(user=person, role=Role.MT).exists()
