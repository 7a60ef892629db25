"""Real processes for the deployment tests, on 127.0.0.1 only: a PostgreSQL cluster of the
test's own (initdb in a temporary folder, run as the `postgres` user when we are root; the
shared cluster is never touched), gunicorn with deploy/gunicorn.conf.py and production
settings, the worker, nginx with deploy/nginx/convene.conf and a self-signed certificate,
and an HTTPS client that keeps cookies and sends CSRF tokens as a browser does.

Ports come from the range this suite owns (8100-8199)."""

from __future__ import annotations

import http.client
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from django.conf import settings

from tests.deploy.test_units import nginx_site, self_signed
from tests.need import need

BASE_DIR = Path(settings.BASE_DIR)
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python") if (BASE_DIR / ".venv" / "bin" / "python").exists() else sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
PG_BIN_DIRS = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"]


def pg_bin(tool: str) -> str:
    for folder in PG_BIN_DIRS:
        if Path(folder, tool).exists():
            return str(Path(folder, tool))
    found = shutil.which(tool)
    need(found is not None, f"PostgreSQL's {tool} is missing: apt-get install postgresql")
    return found


def wait_for_port(port: int, *, timeout: float = 30, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing answers on 127.0.0.1:{port}")


# -- PostgreSQL of our own ----------------------------------------------------------------------
@dataclass
class Postgres:
    folder: Path
    port: int
    user: str = "postgres"

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        if os.geteuid() == 0:  # postgres refuses to run as root
            command = ("runuser", "-u", self.user, "--", *command)
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=check)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def init(self) -> Postgres:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            uid = pwd.getpwnam(self.user).pw_uid
            os.chown(self.folder, uid, -1)
        self._run(pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        (self.data / "postgresql.auto.conf").write_text(
            f"listen_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = '{self.folder}'\n"
            "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 60\n"
        )
        return self

    def start(self) -> None:
        self._run(pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "-t", "60", "start")

    def stop(self) -> None:
        self._run(pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def url(self, database: str = "convene") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def tool(self, name: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """createdb, dropdb, pg_dump, pg_restore, psql against this cluster, as the runbook says."""
        return subprocess.run(
            [pg_bin(name), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", *args],
            capture_output=True, text=True, timeout=300, check=check,
        )


# -- the site's processes -------------------------------------------------------------------------
@dataclass
class Site:
    """Production settings for a site on `postgres`, reached through nginx at SITE_URL."""

    folder: Path
    env: dict[str, str]
    processes: list[subprocess.Popen] = field(default_factory=list)

    def manage(self, *args: str, check: bool = True, extra: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=self.env | (extra or {}), capture_output=True, text=True,
            timeout=timeout, check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code).stdout

    def gunicorn(self, port: int, *, workers: int = 2, name: str = "web") -> subprocess.Popen:
        log = self.folder / f"{name}.log"
        process = subprocess.Popen(
            [GUNICORN, "-c", "deploy/gunicorn.conf.py", "community.wsgi"], cwd=BASE_DIR,
            env=self.env | {"BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers),
                            "ACCESS_LOG": str(self.folder / f"{name}.access.log")},
            stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.processes.append(process)
        wait_for_port(port, process=process)
        return process

    def worker(self, name: str = "worker", *args: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [PYTHON, "manage.py", "run_worker", "--interval", "0.2", *args], cwd=BASE_DIR, env=self.env,
            stdout=(self.folder / f"{name}.log").open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.processes.append(process)
        return process

    def nginx(self, *, upstreams: list[str], https_port: int, http_port: int) -> subprocess.Popen:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        need(Path(nginx).exists(), "nginx is missing: apt-get install nginx")
        folder = self.folder / "nginx"
        folder.mkdir(exist_ok=True)
        cert, key = self_signed(folder)
        conf = nginx_site(folder, upstreams=upstreams, https_port=https_port, http_port=http_port, cert=cert, key=key,
                          static_root=Path(self.env["STATIC_ROOT"]))
        process = subprocess.Popen(
            [nginx, "-c", str(conf), "-p", str(folder), "-e", str(folder / "error.log"), "-g", "daemon off;"],
            stdout=(folder / "stdout.log").open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.processes.append(process)
        wait_for_port(https_port, process=process)
        self.cert = cert
        return process

    @staticmethod
    def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        if process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        return process.returncode

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            self.stop(process)


def production_env(folder: Path, *, database_url: str, site_url: str, smtp_port: int, cache_url: str = "") -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "LANG", "LC_ALL", "HOME", "TZ"}}
    env = keep | {
        "DJANGO_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "community.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "SITE_URL": site_url,
        "DATABASE_URL": database_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_TIMEOUT": "5",
        "TRUSTED_PROXY_COUNT": "1",
        "STATIC_ROOT": str(folder / "static"),
        "CONVENE_VAR_DIR": str(folder / "var"),
        "PYTHONUNBUFFERED": "1",
    }
    if cache_url:
        env["CACHE_URL"] = cache_url
    return env


# -- a browser's worth of HTTPS ---------------------------------------------------------------------
@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class Browser:
    """Cookies, CSRF tokens taken from the last form, Referer/Origin as a browser sends them."""

    def __init__(self, base: str, cafile: Path, *, timeout: float = 15):
        self.base = base.rstrip("/")
        self.context = ssl.create_default_context(cafile=str(cafile))
        self.cookies: dict[str, str] = {}
        self.timeout = timeout
        self.last: Answer | None = None

    def request(self, method: str, url: str, *, body: bytes | None = None, headers: dict | None = None) -> Answer:
        url = urljoin(self.base + "/", url)
        parts = urlsplit(url)
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(parts.hostname, parts.port, context=self.context, timeout=self.timeout)
        else:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=self.timeout)
        sent = {"User-Agent": "convene-deploy-test", "Accept-Encoding": "identity", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.monotonic()
        try:
            connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie, _, _ = value.partition(";")
                key, _, val = cookie.partition("=")
                if val in ("", '""'):
                    self.cookies.pop(key.strip(), None)
                else:
                    self.cookies[key.strip()] = val.strip()
        answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data, time.monotonic() - start)
        return answer

    def get(self, url: str, *, follow: bool = True, headers: dict | None = None) -> Answer:
        answer = self.request("GET", url, headers=headers)
        hops = 0
        while follow and answer.status in (301, 302, 303) and hops < 5:
            answer = self.request("GET", answer.headers["location"])
            hops += 1
        self.last = answer
        return answer

    def csrf_token(self) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.last.text if self.last else "")
        return found.group(1) if found else self.cookies.get("csrftoken", "")

    def post(self, url: str, data: dict | list, *, follow: bool = True, headers: dict | None = None) -> Answer:
        fields = list(data.items()) if isinstance(data, dict) else list(data)
        if not any(k == "csrfmiddlewaretoken" for k, _ in fields):
            fields.append(("csrfmiddlewaretoken", self.csrf_token()))
        target = urljoin(self.base + "/", url)
        answer = self.request(
            "POST", target, body=urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": self.base, "Referer": target, **(headers or {})},
        )
        if follow and answer.status in (301, 302, 303):
            return self.get(answer.headers["location"])
        self.last = answer
        return answer
