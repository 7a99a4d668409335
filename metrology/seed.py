"""Demo calibration methods, reference standards and authorisations for the demo catalogue
(`catalog.seed`) and accounts (`accounts.seed`). Idempotent; dates follow today's date so the demo
always has valid certificates, one that runs out within 30 days and one already expired."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from catalog.models import Field, InstrumentType, Laboratory
from metrology.component_names import COMPONENT_NAMES_EN
from metrology.models import (AccreditationScope, Authorisation, BudgetComponent, CalibrationMethod,
                              ContributionSource, CorrectionForm, Distribution, ReferenceStandard)

A, STD, RES, FIX = (ContributionSource.READINGS, ContributionSource.STANDARD, ContributionSource.RESOLUTION,
                    ContributionSource.FIXED)
RECT, NORMAL, TRI = Distribution.RECTANGULAR, Distribution.NORMAL, Distribution.TRIANGULAR

# code, name, instrument type names (catalog.seed NAMES_ID), reference, points, unit, repeats, correction form,
# components: (name, source, distribution, sensitivity, value, relative). Every type and range of the demo
# catalogue has an active method whose range (RANGES) covers it (metrology/tests/test_method_cover.py).
# EURAMET cg-18 section 7: the error of indication E = I − m_ref at each load of the indication test, with
# the repeatability test (type A of the repeated readings), the rounding of the indication at zero and at
# the load (d/2 each), the standard weights (certificate, drift, air buoyancy) and the eccentricity test
# (largest deviation between positions, relative to the load, rectangular).
BALANCE_BUDGET = [
    ("Keterulangan penunjukan (uji keterulangan)", A, RECT, 1, None, False),
    ("Pembulatan penunjukan tanpa beban (d/2)", RES, RECT, 1, None, False),
    ("Pembulatan penunjukan dengan beban (d/2)", RES, RECT, 1, None, False),
    ("Massa konvensional beban standar (sertifikat)", STD, NORMAL, 1, None, False),
    ("Drift beban standar sejak kalibrasi terakhir", FIX, RECT, 1, 3e-7, True),
    ("Daya apung udara beban standar", FIX, RECT, 1, 5e-7, True),
    ("Eksentrisitas pembebanan (uji eksentrisitas)", FIX, RECT, 1, 1e-6, True),
]
METHODS = [
    ("MK-MAS-01", "Anak timbangan, perbandingan dengan standar (siklus ABBA)",
     ["Anak timbangan kelas F", "Anak timbangan kelas M"], "OIML R 111-1:2004; EA-4/02 M:2022 contoh S2",
     "", "g", 3, CorrectionForm.COMPARISON, [
         ("Keterulangan komparator (siklus ABBA)", A, RECT, 1, None, False),
         ("Massa standar (sertifikat)", STD, NORMAL, 1, None, False),
         ("Drift standar sejak kalibrasi terakhir", FIX, RECT, 1, 5e-7, True),
         ("Resolusi komparator", RES, RECT, 1, None, False),
         ("Koreksi daya apung udara", FIX, RECT, 1, 1e-6, True),
     ]),
    ("MK-NER-01", "Neraca elektronik s.d. 10 kg: uji keterulangan, eksentrisitas dan penunjukan dengan beban standar",
     ["Neraca analitik", "Timbangan elektronik"], "EURAMET cg-18 v4.0 (2015); OIML R 76-1", "50; 100; 200", "g", 3,
     CorrectionForm.STANDARD_MINUS_MEAN, BALANCE_BUDGET),
    ("MK-NER-02", "Timbangan elektronik 10 kg – 150 kg: uji keterulangan, eksentrisitas dan penunjukan dengan beban "
     "standar", ["Timbangan elektronik"], "EURAMET cg-18 v4.0 (2015); OIML R 76-1", "20000; 50000; 100000; 150000",
     "g", 3, CorrectionForm.STANDARD_MINUS_MEAN, BALANCE_BUDGET),
    ("MK-SUH-01", "Termometer gelas dan digital, termokopel s.d. 250 °C, perbandingan dalam bak cairan",
     ["Termometer gelas atau digital", "Termokopel"], "ASTM E77; EURAMET cg-8", "0; 50; 100", "°C", 3,
     CorrectionForm.STANDARD_MINUS_MEAN, [
         ("Keterulangan pembacaan alat", A, RECT, 1, None, False),
         ("Termometer standar (sertifikat)", STD, NORMAL, 1, None, False),
         ("Resolusi alat", RES, RECT, 1, None, False),
         ("Stabilitas bak", FIX, RECT, 1, 0.01, False),
         ("Keseragaman bak", FIX, RECT, 1, 0.02, False),
         ("Drift termometer standar", FIX, RECT, 1, 0.01, False),
     ]),
    ("MK-SUH-02", "Termokopel, tungku dan termometer elektrik, perbandingan dengan termokopel standar",
     ["Termokopel", "Tungku (furnace)", "Termometer digital (simulasi listrik)"], "EURAMET cg-8; IK-SUH-02",
     "100; 300; 500", "°C", 3, CorrectionForm.STANDARD_MINUS_MEAN, [
         ("Keterulangan pembacaan alat", A, RECT, 1, None, False),
         ("Termokopel standar (sertifikat)", STD, NORMAL, 1, None, False),
         ("Resolusi alat", RES, RECT, 1, None, False),
         ("Keseragaman tungku", FIX, RECT, 1, 0.5, False),
         ("Drift termokopel standar", FIX, RECT, 1, 0.3, False),
     ]),
    ("MK-TEK-01", "Pengukur tekanan, perbandingan dengan kalibrator tekanan digital",
     ["Pengukur tekanan (pressure gauge)"], "EURAMET cg-17 v4.0", "0; 20; 40; 60; 80; 100", "bar", 3,
     CorrectionForm.MEAN_MINUS_STANDARD, [
         ("Keterulangan (naik-turun)", A, RECT, 1, None, False),
         ("Kalibrator tekanan standar (sertifikat)", STD, NORMAL, 1, None, False),
         ("Resolusi alat", RES, RECT, 1, None, False),
         ("Histeresis", FIX, RECT, 1, 0.05, False),
         ("Perbedaan ketinggian acuan", FIX, RECT, 1, 0.005, False),
     ]),
    ("MK-VOL-01", "Alat gelas volumetrik, metode gravimetri (air suling)",
     ["Labu ukur", "Pipet ukur", "Pipet volumetrik"], "ISO 4787:2021; EURAMET cg-19", "", "mL", 5,
     CorrectionForm.MEAN_MINUS_STANDARD, [
         ("Keterulangan pengisian", A, RECT, 1, None, False),
         ("Neraca standar (sertifikat)", STD, NORMAL, 1.003, None, False),
         ("Pembacaan meniskus", FIX, TRI, 1, 5e-4, True),
         ("Suhu air dan muai alat gelas", FIX, RECT, 1, 2e-5, True),
     ]),
]

# The range each method is validated for, in its unit (low, high; None = open).
RANGES = {"MK-MAS-01": ("0.001", "50000"), "MK-NER-01": ("0", "10000"), "MK-NER-02": ("10000", "150000"),
          "MK-SUH-01": ("-50", "250"), "MK-SUH-02": ("-200", "1600"), "MK-TEK-01": ("0", "160"),
          "MK-VOL-01": ("0.1", "5000")}

# lab code, name, identification, nominal, unit, certificate, issuer, correction, U, k, days valid left
STANDARDS = [
    ("mass-volume", "Anak timbangan standar kelas E2", "E2-100G-01", "100", "g", "0412/SNSU-M/2026",
     "SNSU BSN (Direktorat Standar Nasional Satuan Ukuran Massa)", 0.00002, 0.00005, 2.0, 400),
    ("mass-volume", "Anak timbangan standar kelas E2 (set 1 mg – 200 g)", "E2-SET-02", "", "g", "0413/SNSU-M/2026",
     "SNSU BSN (Direktorat Standar Nasional Satuan Ukuran Massa)", 0.0, 0.0001, 2.0, 400),
    ("mass-volume", "Anak timbangan standar kelas F1", "F1-1KG-03", "1000", "g", "LK-088/2026",
     "Laboratorium Kalibrasi terakreditasi KAN LK-088", 0.0008, 0.0016, 2.0, 20),
    ("mass-volume", "Neraca analitik standar 220 g", "NRC-STD-01", "", "g", "LK-088/2025/311",
     "Laboratorium Kalibrasi terakreditasi KAN LK-088", 0.0, 0.0002, 2.0, 250),
    ("temperature-pressure", "Termometer tahanan platina standar (PRT) -50…250 °C", "PRT-STD-01", "", "°C",
     "0177/SNSU-T/2026", "SNSU BSN (Direktorat Standar Nasional Satuan Ukuran Termoelektrik dan Kimia)",
     0.0, 0.02, 2.0, 300),
    ("temperature-pressure", "Termokopel standar tipe R", "TC-R-STD-02", "", "°C", "0178/SNSU-T/2026",
     "SNSU BSN (Direktorat Standar Nasional Satuan Ukuran Termoelektrik dan Kimia)", 0.0, 0.8, 2.0, 20),
    ("temperature-pressure", "Kalibrator tekanan digital 0–160 bar", "PC-STD-01", "", "bar", "LK-112/2026/045",
     "Laboratorium Kalibrasi terakreditasi KAN LK-112", 0.0, 0.02, 2.0, 330),
    ("temperature-pressure", "Termometer gelas standar (sertifikat lama)", "LIG-STD-OLD", "", "°C", "0099/SNSU-T/2024",
     "SNSU BSN", 0.0, 0.05, 2.0, -10),
]
# The field of calibration (catalog.seed FIELDS codes) each standard serves; the balance serves mass and
# gravimetric volume alike, so it names none (offered for every field of its laboratory).
STANDARD_FIELDS = {"E2-100G-01": "massa", "E2-SET-02": "massa", "F1-1KG-03": "massa", "NRC-STD-01": None,
                   "PRT-STD-01": "suhu", "TC-R-STD-02": "suhu", "PC-STD-01": "tekanan", "LIG-STD-OLD": "suhu"}
TRACEABILITY = ("Tertelusur ke Satuan Internasional (SI) melalui standar nasional satuan ukuran SNSU BSN "
                "(sertifikat %(cert)s).")
# The demo KAN accreditation scope: every method over its validated range for each laboratory that uses it,
# except the liquid-bath thermometer method, accredited up to 80 °C only, so the demo thermometer's 100 °C
# point is reported outside the scope of accreditation (ILAC-P8).
DEMO_KAN_NUMBER = "LK-123-IDN"
SCOPE_LIMITS = {"MK-SUH-01": ("-50", "80")}
AUTHORISATIONS = {"analis": ["MK-MAS-01", "MK-NER-01", "MK-NER-02", "MK-VOL-01"], "analis2": ["MK-SUH-01", "MK-SUH-02", "MK-TEK-01"]}


def seed_metrology() -> None:
    today = timezone.localdate()
    types: dict[str, list] = {}
    for itype in InstrumentType.objects.all():  # one row per name and range: the method serves every range
        types.setdefault(itype.name, []).append(itype)
    for code, name, type_names, reference, points, unit, repeats, form, components in METHODS:
        low, high = (Decimal(v) if v is not None else None for v in RANGES[code])
        method, created = CalibrationMethod.objects.get_or_create(code=code, defaults={
            "name": name, "reference": reference, "points": points, "unit": unit, "repeat_readings": repeats,
            "correction_form": form, "range_min": low, "range_max": high})
        if not created and method.range_min is None and method.range_max is None:  # seeded before ranges
            CalibrationMethod.objects.filter(pk=method.pk).update(range_min=low, range_max=high)
        method.instrument_types.add(*[t for n in type_names for t in types.get(n, [])])
        if created:
            BudgetComponent.objects.bulk_create([
                BudgetComponent(method=method, position=i, name=c_name, name_en=COMPONENT_NAMES_EN.get(c_name, ""),
                                source=source, distribution=dist, sensitivity=c, value=value, relative=relative)
                for i, (c_name, source, dist, c, value, relative) in enumerate(components, 1)])
    labs = {lab.code: lab for lab in Laboratory.objects.all()}
    fields = {f.code: f for f in Field.objects.all()}
    for lab, name, ident, nominal, unit, cert, issuer, corr, u, k, days in STANDARDS:
        if lab not in labs:
            continue
        field = fields.get(STANDARD_FIELDS.get(ident) or "")
        standard, created = ReferenceStandard.objects.get_or_create(identification=ident, defaults={
            "laboratory": labs[lab], "name": name, "field": field, "nominal": nominal, "unit": unit,
            "certificate_number": cert, "issuer": issuer, "correction": corr, "expanded_uncertainty": u,
            "coverage_factor": k, "valid_from": min(today - timedelta(days=30), today + timedelta(days=days - 365)),
            "valid_until": today + timedelta(days=days),
            "traceability": TRACEABILITY % {"cert": cert}})
        if not created and field is not None and standard.field_id is None:  # seeded before fields were kept
            ReferenceStandard.objects.filter(pk=standard.pk).update(field=field)
    _authorise_demo_analysts(today)
    _scope_demo_laboratories()
    _let_admin_manage()


def _scope_demo_laboratories() -> None:
    for method in CalibrationMethod.objects.filter(code__in=RANGES).prefetch_related("instrument_types"):
        low, high = (Decimal(v) for v in SCOPE_LIMITS.get(method.code, RANGES[method.code]))
        for lab_id in sorted({t.laboratory_id for t in method.instrument_types.all()}):
            AccreditationScope.objects.get_or_create(laboratory_id=lab_id, method=method, parameter="", defaults={
                "range_min": low, "range_max": high, "unit": method.unit, "kan_number": DEMO_KAN_NUMBER})


def _authorise_demo_analysts(today) -> None:
    from accounts.models import User

    for username, codes in AUTHORISATIONS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        for method in CalibrationMethod.objects.filter(code__in=codes):
            Authorisation.objects.get_or_create(analyst=user, method=method, defaults={
                "granted_on": today - timedelta(days=365), "note": "Uji profisiensi dan pelatihan internal (demo)"})


def _let_admin_manage() -> None:
    """The Admin Satker group manages the metrology master data in the admin site too."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.filter(name="Admin Satker").first()
    if group is not None:
        group.permissions.add(*Permission.objects.filter(content_type__app_label="metrology"))
