"""The README's run command serves as in production: DEBUG off unless asked for, gunicorn, a secret key made
once, plain HTTP on loopback with the HTTPS-only settings switched off explicitly; the test settings carry
their own key and speak plain HTTP."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
# settings a developer's shell may export; each test says what it wants instead
CLEAR = ("DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
         "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SIPPT_VAR_DIR", "PORT")
SHOW = ("import json, os; from django.conf import settings as s; print(json.dumps({'debug': s.DEBUG, "
        "'key': s.SECRET_KEY, 'redirect': s.SECURE_SSL_REDIRECT, 'secure_cookie': s.SESSION_COOKIE_SECURE, "
        "'secure_csrf': s.CSRF_COOKIE_SECURE, 'hsts': s.SECURE_HSTS_SECONDS, "
        "'key_left_in_env': 'SECRET_KEY' in os.environ}))")


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in CLEAR}
    env.update(extra)
    return env


def settings_of(module: str, tmp_path, **extra) -> subprocess.CompletedProcess:
    env = clean_env(DJANGO_SETTINGS_MODULE=module, SIPPT_VAR_DIR=str(tmp_path), **extra)
    code = f"import django; django.setup(); {SHOW}"
    return subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True,
                          timeout=120)


def test_debug_is_off_when_nothing_is_said_and_a_key_is_then_required(tmp_path):
    import json

    refused = settings_of("sippt.settings", tmp_path)
    assert refused.returncode != 0 and "SECRET_KEY must be set" in refused.stderr

    shown = settings_of("sippt.settings", tmp_path, SECRET_KEY="k" * 60)
    assert shown.returncode == 0, shown.stderr
    values = json.loads(shown.stdout)
    assert values["debug"] is False
    assert values["redirect"] is True and values["secure_cookie"] is True and values["hsts"] > 0


def test_the_key_generated_into_var_is_used_when_none_is_given(tmp_path):
    import json

    (tmp_path / "secret_key").write_text("generated-once-" + "x" * 50 + "\n")
    shown = settings_of("sippt.settings", tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["key"] == "generated-once-" + "x" * 50


def test_the_test_settings_have_their_own_key_and_speak_plain_http(tmp_path):
    import json

    shown = settings_of("sippt.settings_test", tmp_path)
    assert shown.returncode == 0, shown.stderr
    values = json.loads(shown.stdout)
    assert values["key"].startswith("sippt-test-suite-only-key") and values["debug"] is False
    assert values["redirect"] is False and values["secure_cookie"] is False and values["secure_csrf"] is False
    assert values["hsts"] == 0
    assert values["key_left_in_env"] is False  # subprocesses with production settings do not inherit it


# The web server (started last, in the foreground) waits until the worker and the scheduler, started in
# the background, have written their line: the script ends when the web server does, and stops them.
FAKE_TOOL = """#!/usr/bin/env bash
if [ "${1:-}" = "-c" ]; then exec python3 "$@"; fi
case "$(basename "$0") $*" in gunicorn*|*runserver*)
  for _ in $(seq 1 100); do
    grep -q "manage.py db_worker" "$LOG" 2>/dev/null && grep -q "manage.py scheduler" "$LOG" 2>/dev/null && break
    sleep 0.1
  done ;;
esac
echo "$(basename "$0") $* | DEBUG=${DEBUG:-} KEYFILE=${SECRET_KEY_FILE:-} REDIRECT=${SECURE_SSL_REDIRECT:-}\
 COOKIE=${SESSION_COOKIE_SECURE:-} CSRF=${CSRF_COOKIE_SECURE:-} HSTS=${SECURE_HSTS_SECONDS:-}" >> "$LOG"
"""


def run_script(tmp_path, **extra) -> list[str]:
    """scripts/run in a copy of the project whose setup is a no-op and whose python and gunicorn only write
    down how they were called."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True, exist_ok=True)
    shutil.copy(BASE_DIR / "scripts" / "run", project / "scripts" / "run")
    (project / "scripts" / "setup").write_text("#!/usr/bin/env bash\n")
    (project / ".venv" / "bin").mkdir(parents=True, exist_ok=True)
    for tool in ("python", "gunicorn"):
        (project / ".venv" / "bin" / tool).write_text(FAKE_TOOL)
        (project / ".venv" / "bin" / tool).chmod(0o755)
    log = tmp_path / "calls.log"
    log.unlink(missing_ok=True)
    result = subprocess.run(["bash", "scripts/run"], cwd=project, env=clean_env(LOG=str(log), **extra),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return log.read_text().splitlines()


def test_the_run_command_serves_with_gunicorn_on_loopback_over_plain_http(tmp_path):
    calls = run_script(tmp_path)
    web = [c for c in calls if c.startswith("gunicorn ")]
    assert len(web) == 1 and not [c for c in calls if "runserver" in c], calls
    assert "sippt.wsgi:application" in web[0] and "--bind 127.0.0.1:8000" in web[0]
    assert "DEBUG= " in web[0]  # not set: the settings' default, off
    assert "REDIRECT=False COOKIE=False CSRF=False HSTS=0" in web[0]
    assert any("manage.py collectstatic" in c for c in calls)
    assert any("manage.py db_worker" in c for c in calls) and any("manage.py scheduler" in c for c in calls)
    key_file = tmp_path / "project" / "var" / "secret_key"
    assert "KEYFILE=var/secret_key" in web[0] and len(key_file.read_text().strip()) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"

    key = key_file.read_text()
    run_script(tmp_path)
    assert key_file.read_text() == key  # made once, kept: sessions survive a restart


def test_debug_1_keeps_the_development_server(tmp_path):
    calls = run_script(tmp_path, DEBUG="1")
    assert not [c for c in calls if c.startswith("gunicorn ")], calls
    assert any("manage.py runserver 127.0.0.1:8000" in c and "DEBUG=1" in c for c in calls), calls
    assert any("manage.py db_worker" in c for c in calls) and any("manage.py scheduler" in c for c in calls)
