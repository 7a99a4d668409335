"""Writing a table to Excel (management.xlsx: rows go to the file as they come, memory stays flat) or
to PDF (WeasyPrint through core.pdf; capped, since a PDF of a hundred thousand rows helps nobody)."""
from __future__ import annotations

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise

from core.pdf import render_pdf
from management.xlsx import Book, SheetWriter

PROGRESS_EVERY = 1000
EXCEL_EPOCH = datetime(1899, 12, 30)
UNIX_EPOCH_SERIAL = 25569  # 1970-01-01 as an Excel serial day
ONE_DAY = timedelta(days=1)


def pdf_max_rows() -> int:
    return int(getattr(settings, "REPORTS_PDF_MAX_ROWS", 5000))


def pdf_value(value):
    """A plain value for a PDF table cell: moments become local (WIB) times, lazy texts texts."""
    if value is None or isinstance(value, (int, float, str)):
        return value
    if isinstance(value, datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


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
        self.offsets: dict[int, float] = {}  # hour since the Unix epoch -> the zone's offset in seconds

    def serial(self, value) -> float:
        if isinstance(value, str):  # SQLite's text, in UTC
            value = datetime.fromisoformat(value).replace(tzinfo=dt_timezone.utc)
        if isinstance(value, datetime):
            if value.tzinfo is None:  # naive: already local
                return (value - EXCEL_EPOCH) / ONE_DAY
            value = value.timestamp()
        hour = int(value // 3600)  # epoch seconds from here on, as the registers read them
        offset = self.offsets.get(hour)
        if offset is None:
            offset = self.offsets[hour] = datetime.fromtimestamp(hour * 3600, self.tz).utcoffset().total_seconds()
        return round(value + offset, 3) / 86400 + UNIX_EPOCH_SERIAL


def write_xlsx(target, title: str, columns, rows, on_progress=None) -> int:
    """Write `rows` (an iterable of tuples) under a header row; returns how many rows were written.
    `on_progress(n)` is called every PROGRESS_EVERY rows. Moments in date-time columns become Excel
    date-times in local (WIB) time."""
    sheet = SheetWriter(target, title, columns, ExcelMoments().serial)
    written = 0
    try:
        for row in rows:
            sheet.append(row)
            written += 1
            if on_progress is not None and written % PROGRESS_EVERY == 0:
                on_progress(written)
    finally:
        sheet.close()
    return written


def write_tables_xlsx(target, title: str, tables, heading: str = "") -> None:
    """Several report tables in one workbook, a worksheet each, named after the table; its title and
    `heading` (whom and which period the figures are about) in the line above the header."""
    book = Book(target, title)
    moments = ExcelMoments().serial
    try:
        for table in tables:
            sheet = SheetWriter(book, str(table.title), table.columns, moments,
                                heading=f"{table.title} · {heading}" if heading else str(table.title))
            for row in table.rows:
                sheet.append(row)
            sheet.close()
    finally:
        book.close()


def pdf_bytes(title: str, columns, rows, note: str = "", subtitle: str = "", *, unit=None) -> tuple[bytes, int, bool]:
    """The table as a PDF: (content, rows written, whether rows were left out beyond the cap), on the
    letterhead of `unit` (whom the table is about: units.letterhead.report_letterhead) and with its
    moments in that unit's zone, as the letterhead's "Dibuat" time."""
    with timezone.override(getattr(unit, "time_zone", None)):  # None: the installation's zone
        return _pdf_bytes(title, columns, rows, note, subtitle, unit)


def _pdf_bytes(title, columns, rows, note, subtitle, unit) -> tuple[bytes, int, bool]:
    cap = pdf_max_rows()
    moments = [i for i, c in enumerate(columns) if c.kind == "datetime"]
    kept, truncated = [], False
    for row in rows:
        if len(kept) >= cap:
            truncated = True
            break
        values = [pdf_value(v) for v in row]
        for i in moments:
            values[i] = local_moment(values[i])
        kept.append(values)
    content = render_pdf("management/table_pdf.html", {
        "title": title, "subtitle": subtitle, "columns": columns, "rows": kept, "note": note,
        "truncated": truncated, "cap": cap, "generated_at": timezone.now(),
    }, unit=unit)
    return content, len(kept), truncated
