"""Writing a table to Excel (openpyxl write-only: rows go to disk as they come, memory stays flat) or
to PDF (WeasyPrint through core.pdf; capped, since a PDF of a hundred thousand rows helps nobody)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell

from core.pdf import render_pdf

PROGRESS_EVERY = 1000
EXCEL_EPOCH = datetime(1899, 12, 30)
UNIX_EPOCH = datetime(1970, 1, 1)
ONE_DAY = timedelta(days=1)
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def pdf_max_rows() -> int:
    return int(getattr(settings, "REPORTS_PDF_MAX_ROWS", 5000))


def excel_value(value):
    """A value openpyxl can store: Excel has no time zones, so moments become local (WIB) times."""
    if value is None or isinstance(value, (int, float, str, Cell)):
        return value
    if isinstance(value, datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31] or "Sheet"


def local_moment(value) -> datetime | None:
    """A moment as a naive local (WIB) datetime. Accepts an aware datetime, a naive one (already
    local), epoch seconds, or the text SQLite returns for a raw query (UTC)."""
    if value is None:
        return None
    if isinstance(value, (int, float)):  # epoch seconds
        value = datetime.fromtimestamp(round(value, 3), dt_timezone.utc)
    elif isinstance(value, str):
        value = datetime.fromisoformat(value).replace(tzinfo=dt_timezone.utc)
    if value.tzinfo is not None:
        value = timezone.localtime(value).replace(tzinfo=None)
    return value


class ExcelMoments:
    """Moments to Excel serial date-times in local time, fast: the zone's offset is looked up once per
    hour of UTC time, not once per value (a register has millions of moments). A moment may be an
    aware datetime, a naive one (already local), epoch seconds or SQLite's UTC text."""

    def __init__(self):
        self.tz = timezone.get_current_timezone()
        self.offsets: dict[int, timedelta] = {}

    def serial(self, value) -> float:
        if isinstance(value, (int, float)):  # epoch seconds, as the registers read them
            utc = UNIX_EPOCH + timedelta(seconds=round(value, 3))
        elif isinstance(value, str):
            utc = datetime.fromisoformat(value)
        elif value.tzinfo is not None:
            utc = value.astimezone(dt_timezone.utc).replace(tzinfo=None)
        else:  # naive: already local
            return (value - EXCEL_EPOCH) / ONE_DAY
        hour = utc.toordinal() * 24 + utc.hour
        offset = self.offsets.get(hour)
        if offset is None:
            offset = self.offsets[hour] = utc.replace(tzinfo=dt_timezone.utc).astimezone(self.tz).utcoffset()
        return (utc + offset - EXCEL_EPOCH) / ONE_DAY


def write_xlsx(target, title: str, columns, rows, on_progress=None) -> int:
    """Write `rows` (an iterable of tuples) under a header row; returns how many rows were written.
    `on_progress(n)` is called every PROGRESS_EVERY rows.

    Date-time columns are written as Excel serial numbers through one styled cell per column, reused
    row after row (openpyxl writes each appended row at once): the same file as writing datetime
    objects, at a fraction of openpyxl's per-cell cost."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    sheet.append([str(c.label) for c in columns])
    date_cells = []
    for index, column in enumerate(columns):
        if column.kind == "datetime":
            cell = WriteOnlyCell(sheet)
            cell.number_format = DATETIME_FORMAT
            date_cells.append((index, cell))
    moments = ExcelMoments()
    written = 0
    for row in rows:
        values = list(row)
        for index, cell in date_cells:
            if values[index] is not None:
                cell.value = moments.serial(values[index])
                values[index] = cell
        values = [excel_value(v) for v in values]
        sheet.append(values)
        written += 1
        if on_progress is not None and written % PROGRESS_EVERY == 0:
            on_progress(written)
    workbook.save(target)
    return written


def pdf_bytes(title: str, columns, rows, note: str = "", subtitle: str = "") -> tuple[bytes, int, bool]:
    """The table as a PDF: (content, rows written, whether rows were left out beyond the cap)."""
    cap = pdf_max_rows()
    moments = [i for i, c in enumerate(columns) if c.kind == "datetime"]
    kept, truncated = [], False
    for row in rows:
        if len(kept) >= cap:
            truncated = True
            break
        values = [excel_value(v) for v in row]
        for i in moments:
            values[i] = local_moment(values[i])
        kept.append(values)
    content = render_pdf("reports/table_pdf.html", {
        "title": title, "subtitle": subtitle, "columns": columns, "rows": kept, "note": note,
        "truncated": truncated, "cap": cap, "generated_at": timezone.now(),
    })
    return content, len(kept), truncated
