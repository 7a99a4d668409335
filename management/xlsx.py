"""A streaming XLSX writer: worksheets whose rows are written to the zip as they come.

Why not openpyxl or XlsxWriter here (docs/decisions.md, "Excel registers"): both build every cell as
Python objects and XML elements one at a time, about 20 µs (openpyxl write-only) and 12 µs (XlsxWriter
constant_memory) a cell on this machine; the order register of 100 000 orders has 2.3 million cells.
This writer formats a row as one string. The package around the sheet (content types, workbook,
styles) is fixed text; openpyxl still reads every file back in the tests.

Every Excel file the system writes goes through here (the registers, the dashboard's tables, the
treasurer's reconciliation, the tariff-import template): several tables may share one package
(`Book`). Text is never a formula: every string is an inline string (`t="inlineStr"`), which Excel
and LibreOffice show as typed, a company called `=HYPERLINK(…)` included; nothing here writes `<f>`.

What it writes: a header row in bold, frozen, on every sheet (a table longer than Excel's 1 048 576
rows a sheet goes on in a second sheet); strings inline (no shared-string table to hold in
memory); numbers as numbers; moments as Excel serial date-times in local (WIB) time with a date
format; money with a thousands separator; characters XML 1.0 forbids are dropped; text beyond
Excel's 32 767 characters per cell is cut.
"""
from __future__ import annotations

import math
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import timezone
from openpyxl.utils import get_column_letter

DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"
MAX_CELL_TEXT = 32767
EXCEL_MAX_ROWS = 1_048_576  # rows a worksheet holds, the header included
EXCEL_DAY_ZERO = date(1899, 12, 30)
FLUSH_EVERY = 500  # rows gathered before one write to the zip stream

# Style indexes into cellXfs below.
STYLE_DEFAULT, STYLE_HEADER, STYLE_DATETIME, STYLE_DATE, STYLE_MONEY, STYLE_DECIMAL = range(6)
STYLE_OF_KIND = {"datetime": STYLE_DATETIME, "date": STYLE_DATE, "money": STYLE_MONEY, "decimal": STYLE_DECIMAL}
WIDTH_OF_KIND = {"datetime": 16, "date": 11, "money": 14, "int": 8, "decimal": 10, "percent": 9}

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
{sheets}<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" \
Target="docProps/core.xml"/>\
</Relationships>"""

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
<dc:title>{title}</dc:title><dc:creator>SIPPT Kalibrasi</dc:creator>\
<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created></cp:coreProperties>"""

WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheets>{sheets}</sheets></workbook>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
Target="styles.xml"/>{sheets}</Relationships>"""
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="3"><numFmt numFmtId="164" formatCode="{DATETIME_FORMAT}"/>\
<numFmt numFmtId="165" formatCode="{DATE_FORMAT}"/><numFmt numFmtId="166" formatCode="#,##0"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font>\
</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""

SHEET_HEAD = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>"""
SHEET_TAIL = "</sheetData></worksheet>"


def sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: no []:*?/\\, at most 31 characters, not empty."""
    return re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31].strip() or "Sheet"


def text_cell(ref: str, value: str, style: int = STYLE_DEFAULT) -> str:
    text = _ILLEGAL_XML.sub("", value)[:MAX_CELL_TEXT]
    styled = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


class Label(str):
    """Text written as text even in a date-time column (where a plain string is a moment as SQLite
    returns it): the label of a total line."""


class Book:
    """An XLSX package being written: worksheets are added one after another (each streamed to the
    zip as it comes); `close()` writes the parts that list them."""

    def __init__(self, target, title: str):
        self.zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.title = str(title)
        self.names: list[str] = []

    def open_sheet(self, name: str):
        """A new worksheet's name (made unique and valid) and the stream its XML is written to."""
        number = len(self.names) + 1
        name = sheet_title(name)
        if name in self.names:
            suffix = f" ({number})"
            name = name[:31 - len(suffix)] + suffix
        self.names.append(name)
        return self.zip.open(f"xl/worksheets/sheet{number}.xml", "w")

    def close(self) -> None:
        numbers = range(1, len(self.names) + 1)
        self.zip.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets="".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SHEET_TYPE}"/>' for n in numbers)))
        self.zip.writestr("_rels/.rels", ROOT_RELS)
        self.zip.writestr("docProps/core.xml", CORE.format(
            title=escape(self.title), created=timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")))
        self.zip.writestr("xl/workbook.xml", WORKBOOK.format(sheets="".join(
            f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{n}" r:id="rId{n}"/>'
            for n, name in zip(numbers, self.names))))
        self.zip.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.format(sheets="".join(
            f'<Relationship Id="rId{n}" Type="{SHEET_REL}" Target="worksheets/sheet{n}.xml"/>' for n in numbers)))
        self.zip.writestr("xl/styles.xml", STYLES)
        self.zip.close()


class SheetWriter:
    """A table streamed into an XLSX package, one worksheet after another: Excel holds at most
    1 048 576 rows a sheet, so a longer table goes on in "Name (2)", "Name (3)"…, each with the
    header. `moment_serial(value)` turns a moment (aware or naive datetime, epoch seconds, SQLite
    text) into an Excel serial number in local time.

    `target` is a file (the package holds this one table) or a `Book` (the table is one of several;
    the caller closes the book). `heading` puts a line of text above the header row."""

    def __init__(self, target, title: str, columns, moment_serial, max_rows: int = EXCEL_MAX_ROWS,
                 heading: str = ""):
        self.own_book = not isinstance(target, Book)
        self.book = Book(target, title) if self.own_book else target
        self.title, self.name, self.max_rows = str(title), sheet_title(title), max_rows
        self.letters = [get_column_letter(i + 1) for i in range(len(columns))]
        self.kinds = [c.kind for c in columns]
        self.moment_serial = moment_serial
        widths = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{WIDTH_OF_KIND.get(c.kind, 24)}" customWidth="1"/>'
            for i, c in enumerate(columns))
        top = 1
        self.sheet_start = SHEET_HEAD.format(cols=widths)
        if heading:
            top = 2
            self.sheet_start = self.sheet_start.replace('ySplit="1" topLeftCell="A2"', 'ySplit="2" topLeftCell="A3"')
            self.sheet_start += f'<row r="1">{text_cell("A1", str(heading), STYLE_HEADER)}</row>'
        header = "".join(text_cell(f"{letter}{top}", str(c.label), STYLE_HEADER)
                         for letter, c in zip(self.letters, columns))
        self.sheet_start += f'<row r="{top}">{header}</row>'
        self.top = top
        self.pending: list[str] = []
        self._open_sheet()

    def _open_sheet(self) -> None:
        self.sheet = self.book.open_sheet(self.name)
        self.pending = [self.sheet_start]
        self.row_number = self.top

    def _close_sheet(self) -> None:
        self.pending.append(SHEET_TAIL)
        self.flush()
        self.sheet.close()

    def append(self, values, bold: bool = False) -> None:
        """One row. Text is always written as text (an inline string), never as a formula, whatever
        it begins with. `bold` sets the row's text in bold (a total line)."""
        if self.row_number >= self.max_rows:
            self._close_sheet()
            self._open_sheet()
        self.row_number += 1
        n = str(self.row_number)
        serial = self.moment_serial
        text_style = STYLE_HEADER if bold else STYLE_DEFAULT
        cells = []
        for letter, kind, value in zip(self.letters, self.kinds, values):
            if value is None:
                continue
            if kind == "datetime" and not isinstance(value, (date, Label)):  # epoch seconds or SQLite's text
                cells.append(f'<c r="{letter}{n}" s="{STYLE_DATETIME}"><v>{serial(value)!r}</v></c>')
            elif isinstance(value, str):
                if value:
                    cells.append(text_cell(letter + n, value, text_style))
            elif isinstance(value, bool):
                cells.append(f'<c r="{letter}{n}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float, Decimal)):
                if (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
                    style = STYLE_OF_KIND.get(kind, STYLE_DEFAULT)
                    styled = f' s="{style}"' if style else ""
                    cells.append(f'<c r="{letter}{n}"{styled}><v>{value}</v></c>')
            elif isinstance(value, datetime):
                cells.append(f'<c r="{letter}{n}" s="{STYLE_DATETIME}"><v>{serial(value)!r}</v></c>')
            elif isinstance(value, date):
                cells.append(f'<c r="{letter}{n}" s="{STYLE_DATE}"><v>{(value - EXCEL_DAY_ZERO).days}</v></c>')
            else:  # a lazy translation or anything else: its text
                cells.append(text_cell(letter + n, str(value), text_style))
        self.pending.append(f'<row r="{n}">{"".join(cells)}</row>')
        if len(self.pending) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        self.sheet.write("".join(self.pending).encode("utf-8"))
        self.pending.clear()

    def close(self) -> None:
        """End the last sheet; a package holding only this table is finished too."""
        self._close_sheet()
        if self.own_book:
            self.book.close()
