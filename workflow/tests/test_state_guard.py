"""No status is set anywhere but the engine.

An AST scan of every app's code (not `workflow/`, which is the engine; not `datagen/`, which writes the
benchmark set row by row; not migrations, tests, benchmarks or the browser journey) for writes of a
`state` or `status` field: assignments (`obj.state = ...`, `setattr(obj, "status", ...)`), and
`update(...)`, `bulk_update(..., [...])`, `create(...)`, `get_or_create`/`update_or_create(defaults=...)`
setting one. Business objects (account, order, instrument, billing, payment proof, report, report
change, complaint, data request) move only through `workflow.engine.apply`; the only writes allowed
here are the job-progress fields of workers, listed below with the reason.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"state", "status"}
SKIP_DIRS = {"workflow", "datagen", "migrations", "tests", "bench", "e2e", "multinode", ".venv", "node_modules",
             "static", "templates", "locale", "docs", "deploy", "scripts", "var", ".git"}

# (file, function) -> why a write of `status` there is not a business object's state change.
BATCH = "progress of a signing batch and its items (SigningBatch, BatchItem): a worker's job, compare-and-set"
EXPORT = "progress of a register export (Export): a worker's job, compare-and-set"
OUTBOX = "the mail outbox's delivery attempts (OutgoingMail): a worker's job, compare-and-set"
JOB_PROGRESS = {
    ("certificates/batch.py", "_finish"): BATCH,
    ("certificates/batch.py", "_fail_pending"): BATCH,
    ("certificates/batch.py", "_claim_next"): BATCH,
    ("certificates/batch.py", "run_batch"): BATCH,
    ("management/tasks.py", "build_export"): EXPORT,
    ("management/tasks.py", "run_export"): EXPORT,
    ("notifications/outbox.py", "deliver"): OUTBOX,
    ("notifications/outbox.py", "retry_due"): OUTBOX,
    ("notifications/outbox.py", "retry_now"): OUTBOX,
}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if set(rel.parts[:-1]) & SKIP_DIRS or rel.name == "conftest.py" or len(rel.parts) == 1:
            continue
        yield rel.as_posix(), ast.parse(path.read_text(), filename=str(rel))


def _keywords_setting(call: ast.Call) -> set[str]:
    names = {k.arg for k in call.keywords if k.arg in FIELDS}
    for k in call.keywords:
        if k.arg in ("defaults", "create_defaults") and isinstance(k.value, ast.Dict):
            names |= {key.value for key in k.value.keys if isinstance(key, ast.Constant) and key.value in FIELDS}
        if k.arg is None and isinstance(k.value, ast.Dict):  # **{"status": ...}
            names |= {key.value for key in k.value.keys if isinstance(key, ast.Constant) and key.value in FIELDS}
    return names


def _writes(tree):
    """(line, function, what) for every write of a state or status field."""
    found = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                for target in targets:
                    for t in ast.walk(target):
                        if isinstance(t, ast.Attribute) and t.attr in FIELDS and isinstance(t.ctx, ast.Store):
                            found.append((child.lineno, name, f"assignment to .{t.attr}"))
            if isinstance(child, ast.Call):
                func = child.func
                method = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if method == "setattr" and len(child.args) >= 2 and isinstance(child.args[1], ast.Constant) \
                        and child.args[1].value in FIELDS:
                    found.append((child.lineno, name, f"setattr(..., {child.args[1].value!r})"))
                if method in ("update", "create", "get_or_create", "update_or_create", "bulk_create"):
                    for field in _keywords_setting(child):
                        found.append((child.lineno, name, f"{method}({field}=...)"))
                if method == "bulk_update" and len(child.args) >= 2:
                    fields = child.args[1]
                    if isinstance(fields, (ast.List, ast.Tuple)) and any(
                            isinstance(e, ast.Constant) and e.value in FIELDS for e in fields.elts):
                        found.append((child.lineno, name, "bulk_update of a state field"))
            visit(child, name)

    visit(tree, "")
    return found


def test_no_state_is_written_outside_the_engine():
    offences = []
    for rel, tree in _sources():
        for line, function, what in _writes(tree):
            if (rel, function) in JOB_PROGRESS:
                continue
            offences.append(f"{rel}:{line} in {function or 'module'}: {what}")
    assert not offences, ("states and statuses change only through workflow.engine.apply; a worker's own "
                          "progress field may be listed in JOB_PROGRESS with its reason:\n" + "\n".join(offences))


def test_the_job_progress_list_names_real_functions_that_write():
    """An entry whose function no longer writes a status is removed, so the list stays the truth."""
    writers = {(rel, function) for rel, tree in _sources() for _line, function, _what in _writes(tree)}
    assert set(JOB_PROGRESS) <= writers, set(JOB_PROGRESS) - writers


@pytest.mark.parametrize("source, expected", [
    ("order.state = 'PAID'", 1),
    ("Billing.objects.filter(pk=1).update(status='PAID')", 1),
    ("Report.objects.create(order=o, status='SIGNED')", 1),
    ("Report.objects.bulk_update(rows, ['status'])", 1),
    ("setattr(obj, 'state', 'X')", 1),
    ("X.objects.update_or_create(pk=1, defaults={'status': 'DONE'})", 1),
    ("order.state_entered_at = now", 0),
    ("form.fields['state'].choices = []", 0),
])
def test_the_scan_finds_each_kind_of_write(source, expected):
    assert len(_writes(ast.parse(source))) == expected
