"""The central admin (ADMIN_PUSAT) manages units and appoints unit admins: every field of a unit on one
form in words, the office hours and number formats checked with the message beside the field, the code
fixed once made; each change in the audit trail. Nobody else opens these pages."""
import pytest

from accounts.models import User, UserRole
from accounts.roles import Role
from core.tests.support import audit_of
from units import current
from units.models import Unit
from workflow.models import AuditEntry


def audited(code, actor, **where):
    entry = audit_of(code, **where)
    assert (entry.actor, entry.role) == (actor, Role.ADMIN_PUSAT)
    return entry


def unit_form(**over):
    data = {"code": "bbk-makassar", "name": "Balai Besar Kalibrasi Makassar", "name_en": "Makassar Calibration Centre",
            "short_name": "BBK Makassar", "address": "Jl. Urip Sumoharjo 1, Makassar", "satker_code": "654321",
            "time_zone": "Asia/Makassar", "office_start": "08:00", "office_end": "16:30",
            "office_weekdays": ["0", "1", "2", "3", "4"], "logo": "", "accreditation_number": "LK-123-IDN",
            "is_active": "on",
            "format_order": "MKS/ORD/{year}/{seq:06d}", "format_sample": "MKS-SMP-{year}-{seq:06d}",
            "format_report": "{seq:04d}/LHU/BBK-MKS/{month_roman}/{year}", "format_billing": "8{satker}{year2}{seq:06d}",
            "format_receipt": "MKS/TT/{year}/{seq:05d}", "format_handover": "MKS/BAST/{year}/{seq:05d}",
            "format_quotation": "{seq:04d}/SPH/BBK-MKS/{month_roman}/{year}"}
    data.update(over)
    return data


@pytest.fixture
def pusat(users):
    user = User.objects.create_user(username="admin_pusat", email="admin_pusat@kemenperin.example", password="x",
                                    full_name="Admin Pusat")
    UserRole.objects.create(user=user, role=Role.ADMIN_PUSAT)
    return user


@pytest.mark.django_db
def test_the_central_admin_creates_a_unit_in_words_and_it_is_audited(pusat, login):
    c = login(pusat)
    page = c.get("/units/new/").content.decode()
    assert "Waktu Indonesia Tengah (WITA)" in page and "Kamis" in page and 'type="checkbox"' in page
    response = c.post("/units/new/", unit_form())
    unit = Unit.objects.get(code="bbk-makassar")
    assert response.status_code == 302 and response.url == f"/units/{unit.pk}/staff/"
    assert (unit.time_zone, unit.office_weekdays, str(unit.office_end)) == ("Asia/Makassar", [0, 1, 2, 3, 4], "16:30:00")
    assert unit.number_formats["order"] == "MKS/ORD/{year}/{seq:06d}" and unit.satker_code == "654321"
    entry = audited("unit.created", pusat)
    assert entry.data["unit"] == "bbk-makassar" and entry.label == "Unit kerja dibuat"
    assert "BBK Makassar" in c.get("/units/").content.decode()


@pytest.mark.django_db
def test_bad_office_hours_are_refused_beside_the_field_and_nothing_is_saved(pusat, login):
    before = AuditEntry.objects.count()
    response = login(pusat).post("/units/new/", unit_form(office_start="16:00", office_end="08:00",
                                                          office_weekdays=[]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["office_end"] == ["Jam kerja selesai harus sesudah jam mulai."]
    assert form.errors["office_weekdays"] == ["Pilih paling sedikit satu hari kerja."]
    assert 'value="Balai Besar Kalibrasi Makassar"' in response.content.decode()  # kept as typed
    assert not Unit.objects.filter(code="bbk-makassar").exists() and AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_a_number_format_without_its_sequence_is_refused_beside_its_series(pusat, login):
    response = login(pusat).post("/units/new/", unit_form(format_sample="SMP-{year}-{nomor}"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["format_sample"]
    assert "sample" in errors["format_sample"][0] and "{seq}" in errors["format_sample"][0]
    assert not Unit.objects.filter(code="bbk-makassar").exists()


@pytest.mark.django_db
def test_a_units_code_is_fixed_once_made_and_a_change_is_audited_with_its_values(pusat, login):
    unit = current.default_unit()
    code = unit.code
    data = unit_form(code="lain", name="Balai Standardisasi Palembang", time_zone=unit.time_zone)
    response = login(pusat).post(f"/units/{unit.pk}/edit/", data)
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.code == code and unit.name == "Balai Standardisasi Palembang"
    entry = audited("unit.changed", pusat)
    assert entry.data["changed"]["name"][1] == "Balai Standardisasi Palembang" and "code" not in entry.data["changed"]


@pytest.mark.django_db
def test_the_central_admin_appoints_and_removes_a_unit_admin_among_its_staff(pusat, users, login):
    c = login(pusat)
    c.post("/units/new/", unit_form())
    unit = Unit.objects.get(code="bbk-makassar")
    cs = User.objects.create_user(username="cs_mks", email="cs_mks@example.com", password="x", full_name="Andi CS")
    UserRole.objects.create(user=cs, role=Role.CS, unit=unit)
    page = c.get(f"/units/{unit.pk}/staff/").content.decode()
    assert "Andi CS" in page and users["cs"].full_name not in page  # only this unit's staff

    # someone of another unit cannot be made its admin
    response = c.post(f"/units/{unit.pk}/staff/appoint/", {"user": users["cs"].pk})
    assert response.status_code == 200 and "user" in response.context["appoint_form"].errors
    assert not UserRole.objects.filter(user=users["cs"], role=Role.ADMIN).exists()

    assert c.post(f"/units/{unit.pk}/staff/appoint/", {"user": cs.pk}).status_code == 302
    assert UserRole.objects.filter(user=cs, role=Role.ADMIN, unit=unit).exists()
    cs.refresh_from_db()
    assert cs.is_staff and cs.groups.filter(name="Admin Satker").exists()
    audited("unit.admin_appointed", pusat, account=cs)
    assert "Andi CS" in c.get("/units/").content.decode()  # the list names each unit's admins

    assert c.post(f"/units/{unit.pk}/staff/{cs.pk}/remove-admin/").status_code == 302
    assert not UserRole.objects.filter(user=cs, role=Role.ADMIN).exists()
    assert UserRole.objects.filter(user=cs, role=Role.CS, unit=unit).exists()  # still staff of the unit
    cs.refresh_from_db()
    assert not cs.is_staff
    audited("unit.admin_removed", pusat, account=cs)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin", "cs", "kepala_balai", "pelanggan"])
def test_nobody_but_the_central_admin_opens_or_changes_the_units(users, login, who):
    unit = current.default_unit()
    c = login(users[who])
    for url in ("/units/", "/units/new/", f"/units/{unit.pk}/edit/", f"/units/{unit.pk}/staff/"):
        assert c.get(url).status_code == 404, url
    assert c.post("/units/new/", unit_form()).status_code == 404
    assert c.post(f"/units/{unit.pk}/staff/appoint/", {"user": users["cs"].pk}).status_code == 404
    assert c.post(f"/units/{unit.pk}/staff/{users['admin'].pk}/remove-admin/").status_code == 404
    assert not Unit.objects.filter(code="bbk-makassar").exists()
    assert UserRole.objects.filter(user=users["admin"], role=Role.ADMIN).exists()
    assert not UserRole.objects.filter(user=users["cs"], role=Role.ADMIN).exists()
    assert "/units/" not in c.get("/notifications/").content.decode()  # no sidebar link


@pytest.mark.django_db
def test_a_missing_unit_is_a_404_and_the_sidebar_links_the_central_admin(pusat, login):
    c = login(pusat)
    assert c.get("/units/999999/staff/").status_code == 404
    assert c.post("/units/999999/staff/appoint/", {"user": pusat.pk}).status_code == 404
    assert 'href="/units/"' in c.get("/notifications/").content.decode()
