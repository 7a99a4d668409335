"""The demo catalogue: fields, laboratories, instrument types and PNBP tariffs from data/tariffs.csv."""
import csv
from datetime import date
from pathlib import Path

from catalog.models import Field, InstrumentType, Laboratory, Regulation, Tariff, TariffUnit
from catalog.regulations import KNOWN, regulation_number

CSV = Path(__file__).parent / "data" / "tariffs.csv"
FIELDS = {
    "Mass": ("massa", "Massa", "mass-volume"),
    "Volume": ("volume", "Volume", "mass-volume"),
    "Temperature": ("suhu", "Suhu", "temperature-pressure"),
    "Pressure": ("tekanan", "Tekanan", "temperature-pressure"),
}
LABS = {
    "mass-volume": ("Laboratorium Massa dan Volume", "Mass and Volume Laboratory"),
    "temperature-pressure": ("Laboratorium Suhu dan Tekanan", "Temperature and Pressure Laboratory"),
}
NAMES_ID = {
    "Furnace": "Tungku (furnace)", "Thermocouple": "Termokopel",
    "Digital thermometer (electrical simulation)": "Termometer digital (simulasi listrik)",
    "Liquid-in-glass or digital thermometer": "Termometer gelas atau digital",
    "Weight class F": "Anak timbangan kelas F", "Weight class M": "Anak timbangan kelas M",
    "Analytical balance": "Neraca analitik", "Electronic balance": "Timbangan elektronik",
    "Volumetric flask": "Labu ukur", "Graduated pipette": "Pipet ukur", "Volumetric pipette": "Pipet volumetrik",
    "Pressure gauge": "Pengukur tekanan (pressure gauge)",
}
PARAMETERS = {
    "Massa": "Massa konvensional",
    "Volume": "Volume",
    "Suhu": "Suhu",
    "Tekanan": "Tekanan",
}
BALANCE_PARAMETERS = "Repeatabilitas, Eksentrisitas, Penunjukan (linearitas)"
# The parameters' English names, in the same order (InstrumentType.parameters_en).
PARAMETERS_EN = {
    "Massa konvensional": "Conventional mass",
    "Volume": "Volume",
    "Suhu": "Temperature",
    "Tekanan": "Pressure",
    BALANCE_PARAMETERS: "Repeatability, Eccentricity, Indication (linearity)",
}


def seed_regulations() -> dict[str, Regulation]:
    """The known tariff regulations (catalog.regulations), each once, with its successor."""
    rows = {number: Regulation.objects.get_or_create(
        number=number, defaults={"title": title, "in_force_from": start, "in_force_until": until})[0]
        for number, (title, start, until, _successor) in KNOWN.items()}
    for number, (_title, _start, _until, successor) in KNOWN.items():
        if successor and rows[number].superseded_by_id is None:
            rows[number].superseded_by = rows[successor]
            rows[number].save(update_fields=["superseded_by"])
    return rows


def seed_catalog(valid_from=date(2025, 1, 1)) -> None:
    regulations = seed_regulations()
    labs = {code: Laboratory.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})[0]
            for code, (name, name_en) in LABS.items()}
    with CSV.open(encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh), 1):
            code, name_id, lab_code = FIELDS[row["field"]]
            field, _ = Field.objects.get_or_create(code=code, defaults={"name": name_id, "name_en": row["field"]})
            name = NAMES_ID.get(row["instrument_type"], row["instrument_type"])
            params = BALANCE_PARAMETERS if "balance" in row["instrument_type"].lower() else PARAMETERS[name_id]
            itype, _ = InstrumentType.objects.get_or_create(
                field=field, name=name, range_label=row["range"].replace(" C", " °C") if row["range"] != "per channel" else "",
                defaults={"laboratory": labs[lab_code], "parameters": params, "name_en": row["instrument_type"],
                          "parameters_en": PARAMETERS_EN.get(params, "")},
            )
            unit = TariffUnit.POINT if row["unit"] == "per channel" else TariffUnit.INSTRUMENT
            Tariff.objects.get_or_create(
                instrument_type=itype, valid_from=valid_from,
                defaults={"code": f"KAL-{n:03d}", "unit": unit, "amount": int(row["tariff_idr"]),
                          "regulation": regulations[regulation_number(row["basis"])]},
            )
