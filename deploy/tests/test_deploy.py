"""The example deployment files are valid: nginx accepts the site, the systemd units name real commands."""
import configparser
import datetime
import subprocess
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import need_tool

DEPLOY = Path(__file__).resolve().parent.parent


def self_signed(directory: Path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kalibrasi.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    (directory / "fullchain.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / "privkey.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def test_nginx_accepts_the_site(tmp_path):
    need_tool("nginx")
    self_signed(tmp_path)
    site = (DEPLOY / "nginx" / "sippt.conf").read_text()
    assert "client_max_body_size" in site and "X-Request-ID $request_id" in site
    site = (site.replace("/etc/ssl/sippt/", f"{tmp_path}/").replace("/var/log/nginx/", f"{tmp_path}/"))
    (tmp_path / "sippt.conf").write_text(site)
    main = (DEPLOY / "nginx" / "test-nginx.conf").read_text().replace("@TMP@", str(tmp_path))
    (tmp_path / "nginx.conf").write_text(main)
    result = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_nginx_refuses_a_broken_site(tmp_path):
    """The check above can fail: a site with a typo is refused."""
    need_tool("nginx")
    self_signed(tmp_path)
    site = (DEPLOY / "nginx" / "sippt.conf").read_text().replace("proxy_pass http://sippt_web;", "proxy_pas x;", 1)
    (tmp_path / "sippt.conf").write_text(site.replace("/etc/ssl/sippt/", f"{tmp_path}/")
                                         .replace("/var/log/nginx/", f"{tmp_path}/"))
    (tmp_path / "nginx.conf").write_text((DEPLOY / "nginx" / "test-nginx.conf").read_text()
                                         .replace("@TMP@", str(tmp_path)))
    result = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "proxy_pas" in result.stderr


def test_systemd_units_run_the_web_worker_and_scheduler_commands():
    commands = {}
    for unit in (DEPLOY / "systemd").glob("*.service"):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.read_string(unit.read_text().replace("\\\n", " "))
        commands[unit.stem] = parser["Service"]["ExecStart"]
        assert parser["Service"]["EnvironmentFile"] == "/etc/sippt/sippt.env"
    assert "gunicorn sippt.wsgi:application" in commands["sippt-web"]
    assert "manage.py db_worker" in commands["sippt-worker@"]
    assert "manage.py scheduler" in commands["sippt-scheduler"]
    from django.core.management import get_commands
    assert {"db_worker", "scheduler"} <= set(get_commands())
