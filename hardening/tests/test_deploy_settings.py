"""Production settings pass Django's deployment checklist without a single warning."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "kalibrasi.example.go.id",
                  "DJANGO_SETTINGS_MODULE": "sippt.settings"}
# settings a deployment may loosen on purpose; the default production values are what is checked here
LOOSENERS = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
             "AXES_ENABLED")


def test_check_deploy_finds_nothing_to_warn_about_in_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in LOOSENERS}
    env.update(PRODUCTION_ENV, SIPPT_VAR_DIR=str(tmp_path))

    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "no issues" in output


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(PRODUCTION_ENV, SIPPT_VAR_DIR=str(tmp_path))
    del env["SECRET_KEY"]

    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env, capture_output=True,
                            text=True, timeout=120)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
