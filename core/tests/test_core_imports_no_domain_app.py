"""`core` holds what every app uses and imports no domain app (docs/decisions.md, "Rooms"): an AST scan of
every module of core but its tests. A domain app is any package of the project other than core and the
settings package; an import by name, or a literal dotted path given to import_string / import_module,
counts. The demo data lives in `demo`, the scheduler in `operations`, the home pages in `workflow`; core
reaches the SOP engine's refusal only through settings.USER_ERRORS."""
import ast
import warnings
from pathlib import Path

from django.conf import settings

CORE = Path(__file__).resolve().parents[1]
ROOT = CORE.parent
NOT_DOMAIN = {"core", "sippt"}

# Files of core that still import a domain app, and which apps: only ever entries TO BE MOVED, removed
# by whoever moves them; none may be added. The last two (templatetags/sippt.py: workflow's states and
# accounts' roles; context_processors.py: survey's IKM readers) moved to workflow/templatetags and the
# apps' own context processors, so it is empty.
ALLOWED: dict[str, set[str]] = {}

DYNAMIC_IMPORTERS = {"import_string", "import_module", "__import__"}


def domain_apps() -> set[str]:
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    apps = {name.split(".")[0] for name in settings.INSTALLED_APPS}
    return {name for name in packages | apps if (ROOT / name).is_dir()} - NOT_DOMAIN


def imported_top_levels(tree: ast.AST) -> dict[str, int]:
    """Top-level package -> first line, for every absolute import and literal dynamic import."""
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if called in DYNAMIC_IMPORTERS:
                names = [node.args[0].value]
        for name in names:
            found.setdefault(name.split(".")[0], node.lineno)
    return found


def core_modules():
    for path in sorted(CORE.rglob("*.py")):
        relative = path.relative_to(CORE).as_posix()
        if not relative.startswith("tests/"):
            yield relative, path


def test_the_scan_sees_the_project_apps_and_catches_an_import():
    apps = domain_apps()
    assert {"workflow", "orders", "accounts", "management", "demo", "operations"} <= apps
    assert "core" not in apps and "django" not in apps
    tree = ast.parse("from orders.models import Order\nimport workflow.engine\n"
                     "from django.utils.module_loading import import_string\nimport_string('billing.services.x')\n"
                     "from core import numbering\nfrom . import formatting\n")
    assert set(imported_top_levels(tree)) & apps == {"orders", "workflow", "billing"}


def test_core_imports_no_domain_app():
    apps = domain_apps()
    offences = []
    for relative, path in core_modules():
        imported = imported_top_levels(ast.parse(path.read_text(), filename=str(path)))
        allowed = ALLOWED.get(relative, set())
        for name, line in sorted(imported.items()):
            if name in apps and name not in allowed:
                offences.append(f"core/{relative}:{line} imports {name}")
        if relative in ALLOWED and not (set(imported) & ALLOWED[relative]):
            warnings.warn(f"core/{relative} imports no domain app any more: remove it from ALLOWED", stacklevel=1)
    assert not offences, "core imports a domain app (move the code to the app, or go through a setting):\n" + \
        "\n".join(offences)
