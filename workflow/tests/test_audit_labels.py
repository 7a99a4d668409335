"""Every audit code the code base can write has a label in Indonesian and in English.

The codes are collected from the source, not listed by hand: the SOP table's rows, every
`record(...)` call, every `AuditEntry(...)` / `AuditEntry.objects.create(...)` with `code=`, and the
demo-data builder's `audit(...)` calls. A code given by a module constant (or a dict of them) is
resolved; a code built by an f-string must belong to a family listed in CODE_FAMILIES below.
A new audit code without a label fails here, so no page ever shows a raw code such as `results.attach`.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "node_modules", "migrations", "tests", "e2e", "bench", "static", "var", ".git"}


WRITERS = {"record", "audit"}


def _code_families():
    """f-string prefixes -> every suffix the code can put after them (none today: every lifecycle's
    codes are rows of the SOP table, registered by their apps)."""
    return {}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if SKIP_DIRS & set(rel.parts) or rel.name.startswith("test_") or rel.name == "conftest.py":
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def _module_constants(tree) -> dict[str, ast.AST]:
    consts = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            consts[node.targets[0].id] = node.value
    return consts


def _imported_constant(tree, name):
    """`from x.y import NAME` -> the constant's node in x/y.py."""
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and any(a.name == name for a in node.names):
            path = ROOT / (node.module.replace(".", "/") + ".py")
            if path.exists():
                return _module_constants(ast.parse(path.read_text(encoding="utf-8"))).get(name)
    return None


def _strings(node, tree, where) -> list[str]:
    """The codes an expression can evaluate to, or a failure naming the place."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name):
        value = _module_constants(tree).get(node.id) or _imported_constant(tree, node.id)
        if value is None:
            raise AssertionError(f"{where}: audit code from local name {node.id!r}; use a literal or a module constant")
        return _strings(value, tree, where)
    if isinstance(node, ast.Dict):
        return [s for v in node.values for s in _strings(v, tree, where)]
    if isinstance(node, ast.Subscript):
        return _strings(node.value, tree, where)
    if isinstance(node, ast.JoinedStr):
        prefix = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        families = _code_families()
        if prefix not in families:
            raise AssertionError(f"{where}: audit code built by an f-string with prefix {prefix!r}; "
                                 f"add the family to CODE_FAMILIES")
        return [prefix + suffix for suffix in families[prefix]]
    raise AssertionError(f"{where}: cannot tell which audit code {ast.unparse(node)!r} is")


def _callee(call: ast.Call) -> str:
    f = call.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        owner = f.value
        if isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name):
            return f"{owner.value.id}.{owner.attr}.{f.attr}"
        if isinstance(owner, ast.Name):
            return f"{owner.id}.{f.attr}"
        return f.attr
    return ""


def audit_codes_written() -> dict[str, str]:
    """code -> the first place in the source that writes it."""
    from workflow.table import TRANSITIONS

    found = {t.code: "workflow/table.py" for t in TRANSITIONS}
    for rel, tree in _sources():
        forwarded = set()  # calls inside the writers themselves (`record`, the builder's `audit`) pass `code` on
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef) and fn.name in WRITERS:
                forwarded |= {id(n) for n in ast.walk(fn)}
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or id(call) in forwarded:
                continue
            name = _callee(call)
            where = f"{rel}:{call.lineno}"
            node = None
            if name in ("record", "engine.record", "self.audit") and call.args:
                node = call.args[0]
                if name == "self.audit" and isinstance(node, ast.Name):
                    continue  # the builder replays table rows (LAB_STEPS), already collected above
            elif name in ("AuditEntry", "AuditEntry.objects.create", "AuditEntry.objects.bulk_create"):
                node = next((k.value for k in call.keywords if k.arg == "code"), None)
                if isinstance(node, ast.Attribute):  # code=row.code: the engine applying a table row
                    continue
            if node is not None:
                for code in _strings(node, tree, where):
                    found.setdefault(code, where)
    return found


def test_the_collector_sees_the_codes_written_outside_the_sop_table():
    codes = audit_codes_written()
    for code in ("account.visit", "results.attach", "results.withdraw_attachment", "refund.done",
                 "payment_notification.handled", "catalog.import_tariffs", "signing.delegation_saved",
                 "signature.wrong_passphrase", "report.archive_timestamp", "complaint.reopen", "handover.recorded"):
        assert code in codes, code


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_audit_code_has_a_label(language):
    from workflow.models import AuditEntry

    missing = []
    with translation.override(language):
        for code, where in sorted(audit_codes_written().items()):
            label = AuditEntry(code=code).label
            if not label or label == code or "." in label.split()[0]:
                missing.append(f"{code} ({where})")
    assert not missing, f"audit codes without a {language} label: {missing}"


def test_labels_differ_by_language():
    from workflow.models import AuditEntry

    same = []
    for code in audit_codes_written():
        with translation.override("id"):
            id_label = AuditEntry(code=code).label
        with translation.override("en"):
            en_label = AuditEntry(code=code).label
        if id_label == en_label:
            same.append(code)
    assert not same, f"not translated: {same}"
