"""Every tariff's free-text legal basis becomes a row of Regulation: the number is read from the text
("PP 47/2011 (older list)" -> "PP 47/2011"); regulations not seen before are created, known ones with
their title, period and successor, others in force from their earliest tariff."""
import re
from datetime import date

from django.db import migrations

TITLE = ("Jenis dan Tarif atas Jenis Penerimaan Negara Bukan Pajak yang Berlaku pada "
         "Kementerian Perindustrian")
KNOWN = {
    "PP 54/2021": (TITLE, date(2021, 1, 1), None, None),
    "PP 47/2011": (TITLE, date(2011, 1, 1), date(2020, 12, 31), "PP 54/2021"),
}
NUMBER = re.compile(
    r"^\s*(?P<kind>PP|Perpres|Permenperin|PMK|Permen\w*)\s*(?:No\.?|Nomor)?\s*"
    r"(?P<no>\d+)\s*(?:/(?:[A-Z.\d]+/)?|\s+Tahun\s+)(?P<year>\d{4})", re.IGNORECASE)


def number_of(text):
    text = " ".join((text or "").split()) or "PP 54/2021"
    match = NUMBER.match(text)
    if match is None:
        return text[:60]
    kind = match["kind"].upper() if match["kind"].upper() in {"PP", "PMK"} else match["kind"].capitalize()
    return f"{kind} {int(match['no'])}/{match['year']}"


def to_rows(apps, schema_editor):
    Regulation = apps.get_model("catalog", "Regulation")
    Tariff = apps.get_model("catalog", "Tariff")
    rows = {}

    def row(number, earliest):
        if number in rows:
            return rows[number]
        title, start, until, successor = KNOWN.get(number, (number, earliest, None, None))
        reg = Regulation.objects.filter(number=number).first() or Regulation.objects.create(
            number=number, title=title, in_force_from=start, in_force_until=until)
        if successor and reg.superseded_by_id is None:
            reg.superseded_by = row(successor, earliest)
            reg.save(update_fields=["superseded_by"])
        rows[number] = reg
        return reg

    by_number = {}
    for tariff in Tariff.objects.order_by("valid_from", "pk"):
        by_number.setdefault(number_of(tariff.legal_basis), []).append(tariff)
    for number, tariffs in by_number.items():
        reg = row(number, tariffs[0].valid_from)
        Tariff.objects.filter(pk__in=[t.pk for t in tariffs]).update(regulation=reg)


def to_text(apps, schema_editor):
    Tariff = apps.get_model("catalog", "Tariff")
    for tariff in Tariff.objects.select_related("regulation"):
        tariff.legal_basis = tariff.regulation.number if tariff.regulation_id else "PP 54/2021"
        tariff.save(update_fields=["legal_basis"])


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0004_regulation'),
    ]

    operations = [
        migrations.RunPython(to_rows, to_text),
    ]
