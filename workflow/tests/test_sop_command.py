"""`manage.py sop --json` prints the SOP table as JSON only; the shared checker finds all 22 steps."""
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from workflow.table import TRANSITIONS

CHECKER = Path(settings.BASE_DIR).parent / "shared" / "tools" / "check-sop-table"
REQUIRED = {"step", "actor", "from", "to", "norm_minutes", "norm_working_days"}


def sop_json() -> str:
    out = StringIO()
    call_command("sop", "--json", stdout=out)
    return out.getvalue()


def test_sop_json_is_only_json_with_the_required_keys():
    rows = json.loads(sop_json())
    assert len(rows) == len(TRANSITIONS)
    assert all(REQUIRED <= set(row) for row in rows)
    assert sorted({r["step"] for r in rows if r["step"] is not None}) == list(range(1, 23))


def test_sop_json_from_the_command_line_has_nothing_but_json():
    result = subprocess.run([sys.executable, "manage.py", "sop", "--json"], cwd=settings.BASE_DIR,
                            capture_output=True, text=True, check=True,
                            env={**os.environ, "DJANGO_SETTINGS_MODULE": "sippt.settings_test"})
    assert isinstance(json.loads(result.stdout), list)


def test_the_shared_checker_finds_all_22_steps():
    if not CHECKER.exists():
        pytest.skip(f"{CHECKER} is not present")
    result = subprocess.run([sys.executable, str(CHECKER)], input=sop_json(), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "22/22" in result.stdout
