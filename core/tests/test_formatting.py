"""One rule for numbers a person reads: by the active language (Indonesian 5.000,03, English 5,000.03)
for quantities, money and durations; the certificate's fixed bilingual rule; EA-4/02 rounding of U and
of the result; numbers in spreadsheets as numbers with a number format."""
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from core import formatting
from core.templatetags.sippt import angka, rupiah
from workflow.templatetags.sop import clock_parts, took


@pytest.mark.parametrize("value, indonesian, english", [
    ("5000.03", "5.000,03", "5,000.03"),
    ("5000.030", "5.000,030", "5,000.030"),  # the decimals as reported are kept
    ("-0.023", "-0,023", "-0.023"),
    ("20.5", "20,5", "20.5"),
    ("1234567", "1.234.567", "1,234,567"),
    (Decimal("1.2E+2"), "120", "120"),
    (5e-05, "0,00005", "0.00005"),
    ("0", "0", "0"),
])
def test_a_quantity_reads_in_the_readers_language(value, indonesian, english):
    assert formatting.quantity(value, language="id") == indonesian
    assert formatting.quantity(value, language="en") == english
    with translation.override("en"):
        assert angka(value) == english
    with translation.override("id"):
        assert angka(value) == indonesian


def test_text_that_is_not_a_number_is_left_alone():
    assert formatting.quantity("± 0,5 mg") == "± 0,5 mg" and angka("") == "" and angka(None) == ""


def test_money_and_durations_by_language():
    assert formatting.money(1250000, language="id") == "Rp 1.250.000"
    assert formatting.money(1250000, language="en") == "Rp 1,250,000"
    assert formatting.money(-300000, language="id") == "-Rp 300.000"
    with translation.override("en"):
        assert rupiah(300000) == "Rp 300,000"
    assert formatting.days(14, language="id") == "14,0" and formatting.days(14, language="en") == "14.0"


def test_input_values_keep_the_readers_decimal_separator_without_grouping():
    assert formatting.input_number("5000.03", language="id") == "5000,03"
    assert formatting.input_number("5000.03", language="en") == "5000.03"


def test_the_certificate_writes_numbers_one_way_in_both_languages():
    for language in ("id", "en"):
        with translation.override(language):
            assert formatting.certificate_quantity("5000.03") == "5\u2009000.03"
            assert formatting.certificate_quantity("-0.023") == "-0.023"


def _clock(minutes_left, overdue=False):
    return SimpleNamespace(due_at=object(), office_minutes_left=minutes_left, seconds_left=minutes_left * 60,
                           calendar=SimpleNamespace(minutes_per_day=510), overdue=overdue,
                           row=SimpleNamespace(norm_working_days=14))


def test_durations_in_working_days_follow_the_language():
    with translation.override("id"):
        assert clock_parts(_clock(14 * 510))[0] == "sisa 14,0 hari kerja"
    with translation.override("en"):
        assert clock_parts(_clock(14 * 510))[0] == "14.0 working days left"
        step = SimpleNamespace(norm_working_days=14, working_days=2.5, within_norm=True, customer_step=False)
        assert "2.5 working days" in str(took(step))
    with translation.override("id"):
        assert "2,5 hari kerja" in str(took(step))


@pytest.mark.parametrize("u, result, reported_u, reported_result", [
    ("0.01234", "5000.03456", "0.012", "5000.035"),  # two significant digits; the result to 3 decimals
    ("123.4", "10456.7", "120", "10460"),
    ("0.0595", "1.23456", "0.060", "1.235"),
])
def test_uncertainty_and_result_are_rounded_as_ea_4_02_asks(u, result, reported_u, reported_result):
    from uncertainty.reporting import certificate_figures, plain

    figures = certificate_figures(u, 2, result)
    assert plain(figures["expanded_uncertainty"]) == reported_u
    assert plain(figures["result"]) == reported_result


def test_a_computed_point_is_stored_rounded_as_ea_4_02_asks():
    """The budget of a point stores U to two significant digits and the correction to U's decimal place."""
    from metrology.budgets import PointBudget
    from uncertainty import engine

    result = engine.evaluate(engine.Budget("m", "g", (engine.Contribution("A", 1, 0.00617, engine.INF, "normal"),)))
    point = PointBudget(mean=5000.03456, reference_value=5000.0, correction=-0.034561, result=result)
    assert point.expanded_text() == "0.012" and point.correction_text() == "-0.035"


def test_spreadsheet_numbers_are_numbers_with_a_number_format():
    from openpyxl import load_workbook

    from management.tables import Column
    from management.writers import write_xlsx

    buffer = io.BytesIO()
    write_xlsx(buffer, "Uji", [Column("Jumlah", "money"), Column("Rasio", "decimal"), Column("Teks")],
               [(1250000, Decimal("5000.03"), "5000,03")])
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    money, ratio, text = sheet["A2"], sheet["B2"], sheet["C2"]
    assert money.data_type == "n" and money.value == 1250000 and money.number_format == "#,##0"
    assert ratio.data_type == "n" and ratio.value == pytest.approx(5000.03) and ratio.number_format == "#,##0.00"
    assert text.data_type == "s"
    assert formatting.excel_format("5000.030") == "#,##0.000" and formatting.excel_format("12") == "#,##0"


def test_report_tables_on_pages_and_pdfs_follow_the_same_rule():
    from management.templatetags.report_cells import report_cell

    with translation.override("id"):
        assert (report_cell(5000.03, "decimal"), report_cell(12345, "int"), report_cell(87.25, "percent")) == (
            "5.000,03", "12.345", "87,2 %")
    with translation.override("en"):
        assert (report_cell(5000.03, "decimal"), report_cell(12345, "int"), report_cell(1250000, "money")) == (
            "5,000.03", "12,345", "Rp 1,250,000")
