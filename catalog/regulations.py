"""The regulations that set PNBP tariffs: reading a regulation's number out of a legal-basis text
("PP 47/2011 (older list)" -> "PP 47/2011") and the regulations the demo catalogue and older
installations know.

In-force dates of the known regulations are kept to the year they were enacted; the unit confirms the
exact dates from the official gazette (JDIH) in the admin (docs/decisions.md).
"""
from __future__ import annotations

import re
from datetime import date

TITLE_KEMENPERIN = ("Jenis dan Tarif atas Jenis Penerimaan Negara Bukan Pajak yang Berlaku pada "
                    "Kementerian Perindustrian")
# number -> (title, in force from, in force until, superseded by)
KNOWN = {
    "PP 54/2021": (TITLE_KEMENPERIN, date(2021, 1, 1), None, None),
    "PP 47/2011": (TITLE_KEMENPERIN, date(2011, 1, 1), date(2020, 12, 31), "PP 54/2021"),
}
CURRENT = "PP 54/2021"

# "PP 54/2021", "PP No. 54 Tahun 2021", "Permenperin 19/2021", "PMK 108/PMK.02/2022"
_NUMBER = re.compile(
    r"^\s*(?P<kind>PP|Perpres|Permenperin|PMK|Permen\w*)\s*(?:No\.?|Nomor)?\s*"
    r"(?P<no>\d+)\s*(?:/(?:[A-Z.\d]+/)?|\s+Tahun\s+)(?P<year>\d{4})", re.IGNORECASE)


def regulation_number(text: str) -> str:
    """The regulation's number in the form "PP 54/2021" where the text starts with one, else the text
    itself, trimmed."""
    text = " ".join((text or "").split())
    match = _NUMBER.match(text)
    if match is None:
        return text[:60]
    kind = match["kind"].upper() if match["kind"].upper() in {"PP", "PMK"} else match["kind"].capitalize()
    return f"{kind} {int(match['no'])}/{match['year']}"
