"""deploy/systemd: the web and worker units pass `systemd-analyze verify` with nothing to
say (an unknown or misspelt key is only a warning there, so any output fails), and their
hardening scores as "OK" in `systemd-analyze security`. deploy/nginx passes `nginx -t`.
Locally each skips with a message when the tool is missing; CI installs both (.ci/run)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
UNITS = ["convene-web.service", "convene-worker.service"]
IN_CI = os.environ.get("CI") == "true"


pytestmark = pytest.mark.usefixtures("once_per_suite")

def need(tool: str, package: str) -> str:
    path = shutil.which(tool) or (f"/usr/sbin/{tool}" if Path(f"/usr/sbin/{tool}").exists() else None)
    if path is None:
        message = f"{tool} is missing: apt-get install {package}"
        if IN_CI:
            pytest.fail("CI=true: " + message)
        pytest.skip(message)
    return path


def units_in(folder: Path) -> list[Path]:
    """The units as shipped, with the install folder pointed at this checkout (verify
    checks that ExecStart's program exists)."""
    copies = []
    for name in UNITS:
        text = (BASE_DIR / "deploy" / "systemd" / name).read_text().replace("/srv/convene/app", str(BASE_DIR))
        (folder / name).write_text(text)
        copies.append(folder / name)
    return copies


def test_the_units_verify_cleanly(tmp_path):
    analyze = need("systemd-analyze", "systemd")
    result = subprocess.run([analyze, "verify", *map(str, units_in(tmp_path))], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout + result.stderr == ""


def test_the_units_are_hardened(tmp_path):
    analyze = need("systemd-analyze", "systemd")
    for unit in units_in(tmp_path):
        text = unit.read_text()
        for line in ("User=convene", "NoNewPrivileges=yes", "ProtectSystem=strict", "Restart=on-failure"):
            assert line in text.splitlines(), (unit.name, line)
        result = subprocess.run(
            [analyze, "security", "--offline=yes", "--no-pager", str(unit)], capture_output=True, text=True, timeout=60, check=False,
        )
        score = re.search(r"Overall exposure level for \S+: (\d+\.\d+) (\w+)", result.stdout)
        assert score, result.stdout + result.stderr
        assert float(score.group(1)) <= 2.5 and score.group(2) == "OK", score.group(0)


def test_the_worker_unit_stops_it_with_sigterm_and_waits(tmp_path):
    worker = (BASE_DIR / "deploy" / "systemd" / "convene-worker.service").read_text().splitlines()
    assert "KillSignal=SIGTERM" in worker and "ExecStart=/srv/convene/app/.venv/bin/python manage.py run_worker" in worker


def nginx_site(
    tmp_path: Path, *, upstreams: list[str], https_port: int, http_port: int, cert: Path, key: Path, static_root: Path | None = None
) -> Path:
    """deploy/nginx/convene.conf made runnable by an unprivileged test: only the values an
    operator replaces (ports, certificate, upstreams, folders) change; every directive stays."""
    site = (BASE_DIR / "deploy" / "nginx" / "convene.conf").read_text()
    params = (BASE_DIR / "deploy" / "nginx" / "convene_proxy_params").read_text()
    (tmp_path / "convene_proxy_params").write_text(params)
    site = site.replace("include /etc/nginx/convene_proxy_params;", f"include {tmp_path / 'convene_proxy_params'};")
    site = site.replace("    server 127.0.0.1:8000 fail_timeout=0;\n", "".join(f"    server {u} fail_timeout=0;\n" for u in upstreams))
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;").replace("listen [::]:443 ssl http2;\n", "")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};").replace("listen [::]:80;\n", "")
    site = site.replace("/etc/letsencrypt/live/convene.example.org/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/convene.example.org/privkey.pem", str(key))
    site = site.replace("/srv/convene/app/staticfiles/", f"{static_root or BASE_DIR / 'staticfiles'}/")
    site = site.replace("/srv/convene/app/", f"{BASE_DIR}/")
    site = site.replace("/var/log/nginx/convene.access.log", str(tmp_path / "access.log"))
    directives = "\n".join(line for line in site.splitlines() if not line.lstrip().startswith("#"))
    assert "/etc/" not in directives and "/srv/" not in directives
    (tmp_path / "site.conf").write_text(site)
    main = f"""
worker_processes 1;
pid {tmp_path / 'nginx.pid'};
error_log {tmp_path / 'error.log'} warn;
events {{ worker_connections 512; }}
http {{
    types {{ text/html html; text/css css; application/javascript js; image/svg+xml svg; }}
    default_type application/octet-stream;
    access_log {tmp_path / 'access.log'};
    client_body_temp_path {tmp_path / 'body'};
    proxy_temp_path {tmp_path / 'proxy'};
    fastcgi_temp_path {tmp_path / 'fastcgi'};
    uwsgi_temp_path {tmp_path / 'uwsgi'};
    scgi_temp_path {tmp_path / 'scgi'};
    include {tmp_path / 'site.conf'};
}}
"""
    (tmp_path / "nginx.conf").write_text(main)
    return tmp_path / "nginx.conf"


def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    openssl = need("openssl", "openssl")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


def test_the_nginx_site_passes_nginx_t(tmp_path):
    nginx = need("nginx", "nginx")
    cert, key = self_signed(tmp_path)
    conf = nginx_site(tmp_path, upstreams=["127.0.0.1:8101"], https_port=8143, http_port=8180, cert=cert, key=key)
    result = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(tmp_path), "-e", str(tmp_path / "error.log")],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "warn" not in result.stderr.replace("error_log", "")
