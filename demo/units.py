"""The demo's other units: besides the installation's unit (BSPJI Palembang, WIB, with the demo accounts
of accounts.seed, unchanged), a WITA unit in Makassar and a WIT unit in Jayapura, each with one laboratory,
what it offers of the national tariff list, and a small staff of its own; plus the central admin
`admin_pusat` (ADMIN_PUSAT, in no unit). Every account has the demo password. Idempotent: run again, it
changes nothing that exists.
"""
from __future__ import annotations

from datetime import time

from accounts.models import User, UserRole
from accounts.roles import Role
from accounts.seed import _user, admin_satker_group
from catalog.models import InstrumentType, Laboratory, UnitOffering
from units.models import Unit

# code, name, English name, short name, address, SIMPONI satker code, time zone, office hours, username
# suffix, number prefix, (laboratory code, name, English name), the fields of calibration it offers, KAN
# accreditation number (blank: not accredited).
UNITS = [
    ("bspji-makassar", "Balai Standardisasi dan Pelayanan Jasa Industri Makassar",
     "Makassar Center for Industrial Standardization and Services", "BSPJI Makassar",
     "Jl. Prof. Dr. Ir. Sutami No. 8, Makassar 90245", "409502", "Asia/Makassar", (time(8), time(16)), "mks", "MKS",
     ("mks-kalibrasi", "Laboratorium Kalibrasi BSPJI Makassar", "BSPJI Makassar Calibration Laboratory"),
     ["massa", "volume", "tekanan"], "LK-301-IDN"),
    ("bspji-jayapura", "Balai Standardisasi dan Pelayanan Jasa Industri Jayapura",
     "Jayapura Center for Industrial Standardization and Services", "BSPJI Jayapura",
     "Jl. Raya Abepura No. 21, Jayapura 99351", "409618", "Asia/Jayapura", (time(8), time(16)), "jpr", "JPR",
     ("jpr-kalibrasi", "Laboratorium Kalibrasi BSPJI Jayapura", "BSPJI Jayapura Calibration Laboratory"),
     ["massa", "suhu"], ""),
]
# role, username stem, full name stem, position (the unit's short name is added)
STAFF = [
    (Role.ADMIN, "admin", "Admin Satker"),
    (Role.CS, "cs", "Petugas Customer Service"),
    (Role.KETUA_PJI, "ketua_pji", "Ketua Tim Pelayanan Jasa Industri"),
    (Role.BENDAHARA, "bendahara", "Bendahara Penerimaan"),
    (Role.PENYELIA, "penyelia", "Penyelia Laboratorium Kalibrasi"),
    (Role.ANALIS, "analis", "Analis Kalibrasi"),
    (Role.MT, "mt", "Manajer Teknis"),
    (Role.KEPALA_BALAI, "kepala_balai", "Kepala Balai"),
]
NAMES = {
    "mks": ["Andi Nurhayati", "Muh. Ilham Syarif", "Hasnah Daeng Ngai", "Rahmat Hidayat", "Sitti Aisyah",
            "Fadli Ramadhan", "Ir. Abdul Kadir, M.T.", "Dr. Ir. Andi Baso Tenri, M.Si."],
    "jpr": ["Yohana Kambu", "Marthen Wenda", "Elisabeth Rumbiak", "Daniel Mandowen", "Ribka Ayomi",
            "Yosias Karubaba", "Ir. Frans Sawaki, M.T.", "Dr. Ir. Agustinus Wanggai, M.Si."],
}
CENTRAL_ADMIN = ("admin_pusat", "Ratna Kusumawardani", "199002142014022003", "Admin Pusat (Pusdatin Kemenperin)")


def unit_formats(prefix: str) -> dict:
    """The installation's number formats with the unit's prefix in front, so its numbers tell the unit. The
    billing code stays as SIMPONI makes it: it carries the unit's satker code."""
    from django.conf import settings

    return {series: fmt if series == "billing" else f"{prefix}/{fmt}" if "/" in fmt else f"{prefix}-{fmt}"
            for series, fmt in settings.NUMBER_FORMATS.items()}


def seed_units() -> dict[str, User]:
    """The two other units with their laboratories, offerings and staff, and the central admin; returns the
    accounts made or found, by username."""
    users = {}
    for unit_no, (code, name, name_en, short, address, satker, zone, (start, end), suffix, prefix,
                  (lab_code, lab_name, lab_en), fields, kan) in enumerate(UNITS):
        unit, _ = Unit.objects.get_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "short_name": short, "address": address, "satker_code": satker,
            "time_zone": zone, "office_start": start, "office_end": end, "number_formats": unit_formats(prefix),
            "accreditation_number": kan})
        lab, _ = Laboratory.objects.get_or_create(code=lab_code, defaults={"name": lab_name, "name_en": lab_en,
                                                                          "unit": unit})
        for itype in InstrumentType.objects.filter(field__code__in=fields, active=True):
            UnitOffering.objects.get_or_create(unit=unit, instrument_type=itype, defaults={"laboratory": lab})
        for n, (role, stem, position) in enumerate(STAFF):
            username = f"{stem}_{suffix}"
            in_lab = role in (Role.PENYELIA, Role.ANALIS)
            user = _user(username, NAMES[suffix][n], laboratory=lab if in_lab else None,
                         nip=f"{1980 + n}{unit_no + 1:02d}15{2010 + n}{unit_no + 1:02d}1{n:03d}",
                         position=f"{position} {short}", is_staff=False)
            UserRole.objects.get_or_create(user=user, role=role, unit=unit)
            if role == Role.ADMIN and not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
                user.groups.add(admin_satker_group())
            users[username] = user
    username, full_name, nip, position = CENTRAL_ADMIN
    users[username] = _user(username, full_name, nip=nip, position=position, is_staff=False)
    UserRole.objects.get_or_create(user=users[username], role=Role.ADMIN_PUSAT, unit=None)
    return users


def equip_laboratories() -> None:
    """What the other units' laboratories calibrate with, as metrology.seed gives the installation's: for
    each field the unit offers, the demo reference standards (their own pieces, named with the unit's prefix,
    with valid certificates), their analyst authorised for the methods of those fields, and, for an
    accredited unit, the KAN scope of those methods under its number. Needs the demo methods
    (metrology.seed.seed_metrology) made first. Idempotent."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from catalog.models import Field
    from metrology.models import AccreditationScope, Authorisation, CalibrationMethod, ReferenceStandard
    from metrology.seed import RANGES, STANDARD_FIELDS, STANDARDS, TRACEABILITY

    today = timezone.localdate()
    field_rows = {f.code: f for f in Field.objects.all()}
    for row in UNITS:
        code, suffix, prefix, (lab_code, _name, _en), fields, kan = row[0], row[8], row[9], row[10], row[11], row[12]
        lab = Laboratory.objects.filter(code=lab_code, unit__code=code).first()
        if lab is None:
            continue
        for _lab, name, ident, nominal, unit, cert, issuer, corr, u, k, days in STANDARDS:
            field = STANDARD_FIELDS.get(ident)
            if days <= 0 or (field not in fields if field else not {"massa", "volume"} & set(fields)):
                continue
            ReferenceStandard.objects.get_or_create(laboratory=lab, identification=f"{prefix}-{ident}", defaults={
                "name": name, "field": field_rows.get(field or ""), "nominal": nominal, "unit": unit,
                "certificate_number": f"{cert}/{prefix}", "issuer": issuer, "correction": corr,
                "expanded_uncertainty": u, "coverage_factor": k, "valid_from": today - timedelta(days=30),
                "valid_until": today + timedelta(days=days), "traceability": TRACEABILITY % {"cert": f"{cert}/{prefix}"}})
        methods = CalibrationMethod.objects.filter(code__in=RANGES, instrument_types__field__code__in=fields).distinct()
        analyst = User.objects.filter(username=f"analis_{suffix}").first()
        for method in methods:
            if analyst is not None:
                Authorisation.objects.get_or_create(analyst=analyst, method=method, defaults={
                    "granted_on": today - timedelta(days=365), "note": "Uji profisiensi dan pelatihan internal (demo)"})
            if kan:
                low, high = (Decimal(v) for v in RANGES[method.code])
                AccreditationScope.objects.get_or_create(laboratory=lab, method=method, parameter="", defaults={
                    "range_min": low, "range_max": high, "unit": method.unit, "kan_number": kan})


def heads_of_centre() -> list[str]:
    """The usernames of the other units' heads of centre."""
    return [f"kepala_balai_{row[8]}" for row in UNITS]


def submit_demo_orders(customer) -> list:
    """One order submitted by `customer` to each of the other units (two analytical balances), waiting for
    that unit's CS: the customer's list shows orders of several units."""
    from orders.services import InstrumentLine, save_draft, submit_order

    balance = InstrumentType.objects.get(name="Neraca analitik")
    made = []
    for row in UNITS:
        code, suffix = row[0], row[8]
        lines = [InstrumentLine(balance.pk, "Ohaus", f"{suffix.upper()}-{n:04d}", "220 g", model="Pioneer PX224",
                                resolution="0,1 mg", points="0, 100, 200 g") for n in (1, 2)]
        order = save_draft(customer, lines, notes="Dikirim ke balai terdekat.", unit_code=code)
        made.append(submit_order(customer, order.pk))
    return made
