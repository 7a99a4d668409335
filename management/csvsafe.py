"""CSV written by the system goes through here: text that begins with `=`, `+`, `-`, `@`, a tab or a
carriage return gets an apostrophe in front (OWASP, "CSV injection"), so that a spreadsheet opening
the file shows the text a user typed instead of running it as a formula. Numbers stay numbers."""
from __future__ import annotations

import csv
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value) -> str:
    """One cell's text: numbers as they are, any other text defused when it could start a formula."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(target, header, rows) -> int:
    """Write a header row and `rows` to `target` (a text file opened with newline=""); returns the
    number of rows written."""
    writer = csv.writer(target)
    writer.writerow([csv_text(label) for label in header])
    written = 0
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
        written += 1
    return written
