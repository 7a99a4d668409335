"""Demo accounts, named after the role codes in lower case; one password for all (local use only)."""
from accounts.models import Company, User, UserRole
from accounts.roles import Role
from catalog.models import Laboratory

DEMO_PASSWORD = "Kalibrasi#2026"

COMPANIES = {
    "pelanggan": ("PT Sinar Presisi Nusantara", "0012345678901000", "Jl. Kolonel Atmo No. 21, Palembang 30125"),
    "pelanggan2": ("CV Mitra Ukur Sriwijaya", "0023456789012000", "Jl. Demang Lebar Daun No. 5, Palembang 30137"),
}
STAFF = [
    # username, full name, roles, laboratory code, NIP, position
    ("admin", "Rina Marlina", [Role.ADMIN], None, "198703122010012001", "Admin Satker"),
    ("cs", "Dewi Lestari", [Role.CS], None, "199001052015032002", "Petugas Customer Service"),
    ("ketua_pji", "Ahmad Fauzi", [Role.KETUA_PJI], None, "198205172006041003", "Ketua Tim Pelayanan Jasa Industri"),
    ("bendahara", "Siti Aminah", [Role.BENDAHARA], None, "198811202012122001", "Bendahara Penerimaan"),
    ("penyelia", "Budi Santoso", [Role.PENYELIA], "mass-volume", "198402142009011004", "Penyelia Laboratorium Massa dan Volume"),
    ("analis", "Yusuf Hidayat", [Role.ANALIS], "mass-volume", "199305102019031005", "Analis Kalibrasi"),
    ("penyelia2", "Maya Sari", [Role.PENYELIA], "temperature-pressure", "198509232010012006", "Penyelia Laboratorium Suhu dan Tekanan"),
    ("analis2", "Rudi Hartono", [Role.ANALIS], "temperature-pressure", "199407072020121007", "Analis Kalibrasi"),
    ("mt", "Ir. Hendra Gunawan, M.T.", [Role.MT], None, "197812302003121008", "Manajer Teknis"),
    ("kepala_balai", "Dr. Ir. Surya Dharma, M.Si.", [Role.KEPALA_BALAI], None, "197106151998031009", "Kepala Balai"),
]
CUSTOMERS = [
    ("pelanggan", "Andi Wijaya", "3171011501850003", "081234567801"),
    ("pelanggan2", "Lina Kusuma", "1671045608900002", "081234567802"),
]


def _user(username, full_name, **extra) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "email": f"{username}@demo.sippt.local", "email_verified": True,
                  **extra},  # a new account is ACTIVE by the model's default
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


MASTER_DATA_MODELS = [("catalog", None), ("workflow", "calendarexception"), ("accounts", "user"),
                      ("accounts", "company"), ("accounts", "userrole"),
                      ("axes", "accessattempt")]  # the login lockouts: deleting one unlocks it


def admin_satker_group():
    """The group that lets ADMIN manage master data in the admin site: catalogue, calendar, accounts."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="Admin Satker")
    perms = Permission.objects.none()
    for app, model in MASTER_DATA_MODELS:
        q = Permission.objects.filter(content_type__app_label=app)
        perms |= q.filter(content_type__model=model) if model else q
    group.permissions.set(perms)
    return group


def seed_accounts() -> dict[str, User]:
    users = {}
    for username, full_name, nik, phone in CUSTOMERS:
        name, npwp, address = COMPANIES[username]
        company, _ = Company.objects.get_or_create(name=name, defaults={"npwp": npwp, "address": address})
        users[username] = _user(username, full_name, company=company, nik=nik, phone=phone,
                                is_company_owner=True)
        UserRole.objects.get_or_create(user=users[username], role=Role.PELANGGAN)
    for username, full_name, roles, lab_code, nip, position in STAFF:
        lab = Laboratory.objects.get(code=lab_code) if lab_code else None
        users[username] = _user(username, full_name, laboratory=lab, nip=nip, position=position, is_staff=False)
        for role in roles:
            UserRole.objects.get_or_create(user=users[username], role=role)
        if Role.ADMIN in roles:
            users[username].is_staff = True
            users[username].save(update_fields=["is_staff"])
            users[username].groups.add(admin_satker_group())
    return users
