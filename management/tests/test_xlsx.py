"""The streaming XLSX writer: what a user opening the register in a spreadsheet depends on, read back
with openpyxl (an independent reader) — values and their types, local times, formats, odd text."""
import datetime as dt
import io
import zipfile
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from management.tables import Column
from management.writers import write_xlsx

WIB = dt.timezone(dt.timedelta(hours=7))


def written(columns, rows, title="Register"):
    buffer = io.BytesIO()
    count = write_xlsx(buffer, title, columns, rows)
    buffer.seek(0)
    return count, load_workbook(buffer).active, buffer


def test_values_types_and_local_times_read_back():
    aware = dt.datetime(2026, 8, 16, 23, 30, tzinfo=dt.timezone.utc)  # 17 August 06:30 in Jakarta
    epoch = dt.datetime(2026, 1, 2, 1, 0, tzinfo=dt.timezone.utc).timestamp()  # 08:00 WIB
    columns = [Column("Nomor"), Column("Dibuat", "datetime"), Column("Diajukan", "datetime"), Column("Tanggal", "date"),
               Column("Jumlah", "money"), Column("Titik", "int"), Column("Rasio", "decimal"), Column("Lunas"),
               Column("Status")]
    rows = [("ORD/2026/08/000001", aware, epoch, dt.date(2026, 8, 17), Decimal("1250000"), 3, 0.25, True,
             gettext_lazy("Selesai"))]
    count, sheet, _ = written(columns, rows)
    assert count == 1
    header, first = list(sheet.iter_rows())
    assert [c.value for c in header] == [c.label for c in columns]
    assert all(c.font.b for c in header)
    assert sheet.freeze_panes == "A2"
    values = [c.value for c in first]
    assert values[0] == "ORD/2026/08/000001"
    assert values[1] == dt.datetime(2026, 8, 17, 6, 30)
    assert values[2] == dt.datetime(2026, 1, 2, 8, 0)
    assert values[3] == dt.datetime(2026, 8, 17, 0, 0)
    assert values[4] == 1250000 and values[5] == 3 and values[6] == 0.25
    assert values[7] is True
    assert values[8] == "Selesai"
    formats = [c.number_format for c in first]
    assert formats[1] == formats[2] == "yyyy-mm-dd hh:mm"
    assert formats[3] == "yyyy-mm-dd"
    assert formats[4] == "#,##0"


def test_moments_in_every_shape_become_the_same_local_time():
    moment = dt.datetime(2026, 3, 31, 17, 5, 9, tzinfo=dt.timezone.utc)  # 1 April 00:05:09 WIB
    shapes = [moment, moment.astimezone(WIB), moment.timestamp(), "2026-03-31 17:05:09",
              timezone.localtime(moment).replace(tzinfo=None)]
    _, sheet, _ = written([Column("Waktu", "datetime")], [(s,) for s in shapes])
    got = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert got == [dt.datetime(2026, 4, 1, 0, 5, 9)] * len(shapes)


def test_empty_cells_text_escaping_control_characters_and_the_cell_limit():
    nasty = 'PT "A & B" <Tbk> \u2013 Ä\x00\x07\x1b'
    long_text = "x" * 40000
    rows = [(None, "", float("nan")), (nasty, long_text, None)]
    count, sheet, _ = written([Column("A"), Column("B"), Column("C", "decimal")], rows)
    assert count == 2
    first, second = list(sheet.iter_rows(min_row=2, values_only=True))
    assert first == (None, None, None)
    assert second[0] == 'PT "A & B" <Tbk> \u2013 Ä'  # characters XML forbids are dropped, the rest kept
    assert len(second[1]) == 32767  # Excel's limit per cell


def test_sheet_name_is_one_excel_accepts():
    _, sheet, buffer = written([Column("A")], [("x",)], title="Register [E-LHU]: 2026/2027 *semua* yang panjang")
    assert len(sheet.title) <= 31 and not set(sheet.title) & set("[]:*?/\\")
    names = zipfile.ZipFile(buffer).namelist()
    assert "xl/worksheets/sheet1.xml" in names and "[Content_Types].xml" in names


def test_progress_is_reported_as_rows_are_written(monkeypatch):
    monkeypatch.setattr("management.writers.PROGRESS_EVERY", 10)
    seen = []
    write_xlsx(io.BytesIO(), "R", [Column("n", "int")], ((i,) for i in range(35)), seen.append)
    assert seen == [10, 20, 30]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"))),
                          st.one_of(st.none(), st.integers(-10**12, 10**12)),
                          st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=32))),
                max_size=20))
def test_any_text_and_number_round_trips(rows):
    _, sheet, _ = written([Column("Teks"), Column("Bilangan", "int"), Column("Pecahan", "decimal")], rows)
    back = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(back) <= len(rows)  # a reader sees no trailing rows without a value
    back += [(None, None, None)] * (len(rows) - len(back))
    for (text, number, fraction), (text_back, number_back, fraction_back) in zip(rows, back):
        assert (text_back or "") == text[:32767]
        assert number_back == number
        assert fraction_back == (None if fraction is None else float(fraction))


def test_a_table_longer_than_a_sheet_goes_on_in_the_next_sheet_with_its_header():
    from management.writers import ExcelMoments
    from management.xlsx import SheetWriter

    buffer = io.BytesIO()
    sheet = SheetWriter(buffer, "Log audit", [Column("No", "int"), Column("Teks")], ExcelMoments().serial, max_rows=4)
    for n in range(1, 8):
        sheet.append((n, f"baris {n}"))
    sheet.close()
    buffer.seek(0)
    book = load_workbook(buffer)
    assert book.sheetnames == ["Log audit", "Log audit (2)", "Log audit (3)"]
    rows = [list(ws.iter_rows(values_only=True)) for ws in book.worksheets]
    assert all(r[0] == ("No", "Teks") for r in rows)
    assert [r[0] for ws_rows in rows for r in ws_rows[1:]] == list(range(1, 8))  # 3 + 3 + 1, in order
