"""Production settings from the environment (README "Configuration"): what is required,
what is refused, the staging mail backends, the shared cache, and `check --deploy`."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
READ = "import django; django.setup(); from django.conf import settings as s; print({expr})"
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "convene.example.org",
    "SITE_URL": "https://convene.example.org",
    "EMAIL_URL": "smtp+tls://user:p%40ss@smtp.example.org:587",
    "TRUSTED_PROXY_COUNT": "1",
}
OURS = {"SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL", "DJANGO_ENV", "SITE_URL", "CACHE_URL", "TRUSTED_PROXY_COUNT",
        "EMAIL_BACKEND", "CSRF_TRUSTED_ORIGINS", "SECURE_HSTS_SECONDS", "DEBUG",
        "DJANGO_ALLOW_ASYNC_UNSAFE"}  # (set by the test harness for Playwright; never in deployment)


pytestmark = [pytest.mark.usefixtures("once_per_suite"), pytest.mark.slow]  # a Django start-up per test

def run(env: dict[str, str], code: str = "", *args: str, tmp: Path | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in OURS}
    if tmp is not None:
        clean["DATABASE_URL"] = f"sqlite:///{tmp / 'settings.sqlite3'}"
    command = [sys.executable, "-c", code] if code else [sys.executable, "manage.py", *args]
    return subprocess.run(
        command, cwd=BASE_DIR, env=clean | {"DJANGO_SETTINGS_MODULE": "community.settings"} | env,
        capture_output=True, text=True, timeout=60, check=False,
    )


def read(env: dict[str, str], expr: str) -> str:
    result = run(env, READ.format(expr=expr))
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_needs_site_url():
    env = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    result = run(env, READ.format(expr="s.SITE_URL"))
    assert result.returncode != 0
    assert "SITE_URL must be set" in result.stderr


def test_site_url_starts_every_absolute_link_and_is_the_csrf_origin():
    assert read(PRODUCTION, "(s.SITE_URL, s.CSRF_TRUSTED_ORIGINS)") == "('https://convene.example.org', ['https://convene.example.org'])"


def test_smtp_url_gives_the_mailer_with_its_decoded_password():
    options = read(PRODUCTION, "s.MAILERS['default']['OPTIONS']")
    assert "'host': 'smtp.example.org'" in options and "'password': 'p@ss'" in options and "'use_tls': True" in options


def test_email_backend_is_refused_with_the_reason():
    result = run(PRODUCTION | {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}, READ.format(expr="1"))
    assert result.returncode != 0
    assert "MAILERS" in result.stderr


def test_an_unknown_email_url_is_refused():
    result = run(PRODUCTION | {"EMAIL_URL": "sendmail://x"}, READ.format(expr="1"))
    assert result.returncode != 0 and "EMAIL_URL" in result.stderr


def test_console_and_file_mail_are_allowed_for_staging_with_a_warning_at_start_up(tmp_path):
    console = run(PRODUCTION | {"EMAIL_URL": "console://"}, READ.format(expr="s.MAILERS['default']['BACKEND']"))
    assert console.returncode == 0, console.stderr
    assert console.stdout.strip() == "django.core.mail.backends.console.EmailBackend"
    assert "WARNING: EMAIL_URL=console://: mail is printed to the console, not sent (staging only)." in console.stderr
    folder = tmp_path / "mail"
    filed = run(PRODUCTION | {"EMAIL_URL": f"file://{folder}"}, READ.format(expr="s.MAILERS['default']['OPTIONS']"))
    assert filed.returncode == 0, filed.stderr
    assert str(folder) in filed.stdout and "written to files" in filed.stderr


def test_no_warning_with_smtp():
    result = run(PRODUCTION, READ.format(expr="1"))
    assert result.returncode == 0 and "WARNING" not in result.stderr


def test_the_cache_is_the_database_by_default_and_redis_when_cache_url_says_so():
    assert read(PRODUCTION, "s.CACHES['default']['BACKEND']") == "django.core.cache.backends.db.DatabaseCache"
    redis = read(PRODUCTION | {"CACHE_URL": "redis://127.0.0.1:6379/3"}, "(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'])")
    assert redis == "('django.core.cache.backends.redis.RedisCache', 'redis://127.0.0.1:6379/3')"
    assert run(PRODUCTION | {"CACHE_URL": "memcached://x"}, READ.format(expr="1")).returncode != 0


def test_allauth_and_the_request_id_trust_exactly_the_configured_proxies():
    assert read(PRODUCTION, "(s.TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT)") == "(1, 1)"
    assert read(PRODUCTION | {"TRUSTED_PROXY_COUNT": "0"}, "s.ALLAUTH_TRUSTED_PROXY_COUNT") == "0"


def test_hsts_lasts_a_year_with_subdomains_by_default_and_is_configurable():
    assert read(PRODUCTION, "(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)") == "(31536000, True)"
    assert read(PRODUCTION | {"SECURE_HSTS_SECONDS": "600"}, "s.SECURE_HSTS_SECONDS") == "600"


def test_check_deploy_has_nothing_to_say_about_production_settings(tmp_path):
    result = run(PRODUCTION, "", "check", "--deploy", "--fail-level", "WARNING", tmp=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_environment_example_passes_check_deploy(tmp_path):
    example = {}
    for line in (BASE_DIR / "deploy" / "convene.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            example[name] = value
    assert {"DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "EMAIL_URL", "TRUSTED_PROXY_COUNT", "CACHE_URL"} <= set(example)
    example |= {"SECRET_KEY": secrets.token_urlsafe(50), "CONVENE_VAR_DIR": str(tmp_path)}
    result = run(example, "", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
